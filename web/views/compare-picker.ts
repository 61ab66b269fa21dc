/**
 * The runs list's "Compare selected": a checkbox per row and, above the table, the button that opens
 * the ticked runs in the Compare view. The button is enabled for 2–8 ticked runs of one environment;
 * beside it a line says what is ticked and, when the button is off, why. The ticks live here, not in
 * the table, so they survive the list's refresh while a run trains (the table is redrawn, the
 * picker only told the new rows).
 */
import type { RunListItem } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { compareHref, MAX_COMPARE } from './compare-url.ts';

/** Why the ticked runs can (null) or cannot be compared, and the line shown beside the button. */
export function selectionStatus(ticked: readonly Pick<RunListItem, 'env'>[]): { ok: boolean; text: string } {
  const n = ticked.length;
  if (n === 0) return { ok: false, text: `Tick 2 to ${MAX_COMPARE} runs of one environment to overlay their curves.` };
  const envs = [...new Set(ticked.map((r) => r.env))];
  const problems: string[] = [];
  if (envs.length > 1) problems.push(`they are of ${envs.length} environments (${envs.join(', ')}): pick runs of one environment`);
  if (n > MAX_COMPARE) problems.push(`at most ${MAX_COMPARE} can be compared at once`);
  const count = `${n} run${n === 1 ? '' : 's'} ticked`;
  if (problems.length > 0) return { ok: false, text: `${count}: ${problems.join('; ')}.` };
  if (n === 1) return { ok: false, text: `${count}: tick at least one more of ${envs[0]}.` };
  return { ok: true, text: `${count}, ${envs[0]}.` };
}

export class ComparePicker {
  readonly el: HTMLElement;
  private readonly selected = new Set<string>();
  private runs: RunListItem[] = [];
  private readonly button: HTMLButtonElement;
  private readonly status: HTMLElement;

  constructor() {
    this.button = h('button', { class: 'button primary compare-button', attrs: { type: 'button', disabled: true }, on: { click: () => this.open() } }, 'Compare selected');
    this.status = h('span', { class: 'muted small compare-status', attrs: { 'aria-live': 'polite' } });
    this.el = h('div', { class: 'toolbar compare-bar' }, this.button, this.status);
    this.update();
  }

  /** The rows now listed: ticks of runs no longer listed are dropped. */
  setRuns(runs: RunListItem[]): void {
    this.runs = runs;
    const listed = new Set(runs.map((r) => r.id));
    for (const id of this.selected) if (!listed.has(id)) this.selected.delete(id);
    this.el.hidden = runs.length < 2;
    this.update();
  }

  /** The row's checkbox, ticked when the run was ticked before a refresh. */
  checkbox(run: RunListItem): HTMLElement {
    const input = h('input', { class: 'compare-check', attrs: { type: 'checkbox', 'data-run': run.id, 'aria-label': `Compare ${run.name}`, checked: this.selected.has(run.id) } });
    input.addEventListener('change', () => {
      if (input.checked) this.selected.add(run.id);
      else this.selected.delete(run.id);
      this.update();
    });
    // The label is the whole cell, a larger target than the box; a click in it never opens the run.
    return h('label', { class: 'select-cell', title: `Tick to compare ${run.name} with other runs` }, input);
  }

  /** Ticked ids in the list's order (live first, then newest), which the Compare view keeps for its colours. */
  private ticked(): RunListItem[] {
    return this.runs.filter((r) => this.selected.has(r.id));
  }

  private update(): void {
    const ticked = this.ticked();
    const { ok, text } = selectionStatus(ticked);
    this.button.disabled = !ok;
    this.button.textContent = ticked.length >= 2 ? `Compare selected (${ticked.length})` : 'Compare selected';
    this.status.textContent = text;
    this.status.classList.toggle('warn', !ok && ticked.length >= 2);
  }

  private open(): void {
    const ticked = this.ticked();
    if (selectionStatus(ticked).ok) location.hash = compareHref(ticked.map((r) => r.id));
  }
}
