/**
 * The feature-influence bar chart as inline SVG (no Plotly, no script: the report must open
 * offline and without JavaScript). One horizontal bar per feature, longest = largest influence,
 * labelled with its share. Inline SVG in HTML needs no namespace attribute, so no URL appears.
 */
import { formatNumber, formatPercent } from '../format.ts';
import type { InfluenceReport } from '../influence.ts';
import { esc } from './html-parts.ts';

const ROW = 26;
const LABEL_WIDTH = 200;
const BAR_WIDTH = 420;
// Room for the longest label, "66.4% (0.3912, 25 nodes)", after the longest bar.
const VALUE_WIDTH = 230;

export function influenceChart(report: InfluenceReport): string {
  const features = report.features;
  const top = Math.max(...features.map((f) => f.influence), 0);
  const height = ROW * features.length + 8;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const bars = features.map((f, k) => {
    const y = 4 + k * ROW;
    const w = top > 0 ? (f.influence / top) * BAR_WIDTH : 0;
    const value = `${formatPercent(f.share)} (${formatNumber(f.influence, 4)}, ${f.nodes} node${f.nodes === 1 ? '' : 's'})`;
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + ROW / 2 + 4}" text-anchor="end">${esc(f.featureName)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${w.toFixed(2)}" height="${ROW - 6}" fill="#4c78a8"><title>${esc(`${f.featureName}: ${value}`)}</title></rect>`,
      `<text x="${(LABEL_WIDTH + w + 6).toFixed(2)}" y="${y + ROW / 2 + 4}">${esc(value)}</text>`,
    ].join('');
  });
  return `<svg role="img" aria-label="Feature influence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${bars.join('\n')}\n</svg>`;
}
