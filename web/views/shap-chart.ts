/** What the SHAP card's two charts (the beeswarm and the dependence plot) share. */
import type { ShapSummaryResponse } from '../../src/server/dto.ts';
import type { PlotlyElement } from '../plotly.ts';
import { inspectHref } from '../state-link.ts';

/** SHAP's own low-to-high feature colours (blue to pink-red), far apart in every colour vision. */
export const FEATURE_SCALE = [[0, '#008bfb'], [1, '#ff0051']];

/** The colour bar beside a chart coloured by a feature's value (low to high, as SHAP draws it). */
export function featureColourBar(title: string): Record<string, unknown> {
  return { title: { text: title, side: 'right' }, tickvals: [0, 1], ticktext: ['low', 'high'], thickness: 10, len: 0.7, outlinewidth: 0 };
}

const bound = new WeakSet<HTMLElement>();

/**
 * A click on a dot opens the Inspector on its state; each dot's `customdata[0]` is its state's
 * index. Bound once per chart: `react` keeps listeners.
 */
export function bindStateClicks(gd: PlotlyElement, runId: string, r: ShapSummaryResponse): void {
  if (bound.has(gd)) return;
  bound.add(gd);
  (gd as PlotlyElement & { on(event: string, cb: (e: { points: { customdata: (string | number)[] }[] }) => void): void }).on('plotly_click', (e) => {
    const k = e.points[0]?.customdata[0];
    if (typeof k === 'number') location.hash = inspectHref(runId, r.states[k]!, { from: 'shap' });
  });
}
