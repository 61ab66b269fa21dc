/**
 * The fidelity report as table rows (shared by the text table and the HTML report) and as a
 * plain-text table for the CLI. Cells are preformatted strings so both show the same numbers.
 */
import { type Coverage, coverageIsWeak } from './coverage.ts';
import type { FidelityReport, GreedyReturn } from './fidelity.ts';
import { formatCount, formatNumber, formatPercent } from './format.ts';
import { leavesText } from './leaves-text.ts';

export interface TableData {
  header: string[];
  rows: string[][];
}

const metric = (v: number) => (Number.isFinite(v) ? formatNumber(v, 4) : '—');

function greedyText(g: GreedyReturn | undefined): string {
  if (!g) return '—';
  const ci = g.ci95 !== undefined ? ` ± ${formatNumber(g.ci95, 3)}` : '';
  return `${formatNumber(g.mean, 4)}${ci} (${g.episodes} ep.)`;
}

/** One row per model (LMUT, CART, Linear; a Network row when its return was given). */
export function fidelityTableData(report: FidelityReport): TableData {
  const returns = report.greedyReturns;
  const header = ['model', 'leaves', 'RMSE', 'MAE', 'RMSE/range', 'MAE/range', 'Pearson r', 'agreement'];
  if (returns) header.push('greedy return');
  const rows = report.models.map((m) => {
    const leaves = leavesText(m, report.actionNames.length);
    const row = [m.label, leaves, metric(m.rmse), metric(m.mae), formatPercent(m.relRmse, 2), formatPercent(m.relMae, 2), metric(m.pearson), formatPercent(m.agreement, 1)];
    if (returns) row.push(greedyText(returns[m.model]));
    return row;
  });
  if (returns?.network) rows.push(['Network', '', '', '', '', '', '', '', greedyText(returns.network)]);
  return { header, rows };
}

/** RMSE and MAE per action, one row per model. */
export function perActionTableData(report: FidelityReport): TableData {
  const header = ['model', ...report.actionNames.flatMap((a) => [`RMSE ${a}`, `MAE ${a}`])];
  const rows = report.models.map((m) => [m.label, ...m.perAction.flatMap((p) => [metric(p.rmse), metric(p.mae)])]);
  return { header, rows };
}

/** Columns padded to their widest cell; numbers right-aligned, the first column left-aligned. */
export function textTable({ header, rows }: TableData): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** What the fidelity figures were measured on: the CLI table's heading and the HTML report's. */
export function fidelityIntro(report: FidelityReport): string {
  return (
    `Fidelity to the network on ${formatCount(report.samples)} held-out states (network Q range ${formatNumber(report.qRange, 4)}). ` +
    `CART (one tree per action, ${report.models.some((m) => m.leavesPerAction) ? 'each with as many leaves as the LMUT has for that action' : 'same leaf count as the LMUT'}) and the linear model were fitted on ${formatCount(report.trainSamples)} training states` +
    (report.cartTrainSamples < report.trainSamples ? ` (CART on a subsample of ${formatCount(report.cartTrainSamples)})` : '') +
    '.'
  );
}

export function formatFidelityTable(report: FidelityReport): string {
  const lines = [fidelityIntro(report), '', textTable(fidelityTableData(report)), '', textTable(perActionTableData(report))];
  if (report.coverage) lines.push('', coverageText(report.coverage, report.samples));
  return lines.join('\n');
}

/**
 * One sentence on how well the training states cover the held-out states (see coverage.ts).
 * `heldOut`: how many held-out states the report has; coverage is measured on a seeded sample of them when fewer.
 */
export function coverageText(c: Coverage, heldOut = c.states): string {
  const ratio = c.medianDistance / c.trainSpacing;
  return (
    `Coverage: a held-out state lies ${formatNumber(c.medianDistance, 3)} std (median) from the nearest training state, ` +
    `${Number.isFinite(ratio) ? `${formatNumber(ratio, 2)}× the training states' own spacing (${formatNumber(c.trainSpacing, 3)})` : c.trainSpacing === 0 ? "while the training states' own spacing is 0 (more than half of them have an exact twin)" : 'training spacing unknown'}; ` +
    `copying that state's greedy action agrees on ${formatPercent(c.nearestAgreement, 1)} of ${formatCount(c.states)} held-out states${c.states < heldOut ? ` (a seeded sample of the ${formatCount(heldOut)})` : ''}.` +
    (coverageIsWeak(c) ? ' The training states say little about the agent\'s decisions where it plays: expect lower fidelity, and grow the tree by Active Play on more episodes to cover more of its play.' : '')
  );
}
