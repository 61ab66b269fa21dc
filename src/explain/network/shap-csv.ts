/**
 * The SHAP summary's values as a wide CSV, one row per state as `shap.Explanation` exports to a
 * DataFrame: the state's feature values (named), the network's greedy action, then every action's
 * base value and each feature's Shapley value of its Q, so `base_q_<a> + Σ shap_q_<a>_<f>` is the
 * network's Q. Advantages follow by subtracting the actions' mean, as in the chart. The dashboard's
 * download and `qlens importance --csv` write the same file; it imports nothing but types.
 */
import { csvField } from '../../core/csv-field.ts';
import type { ShapSummary } from './shap-summary.ts';

export function shapCsv(r: Pick<ShapSummary, 'featureNames' | 'actionNames' | 'states' | 'values' | 'base' | 'greedy'>): string {
  const header = ['state', ...r.featureNames, 'greedy_action'];
  r.actionNames.forEach((a) => header.push(`base_q_${a}`, ...r.featureNames.map((f) => `shap_q_${a}_${f}`)));
  const lines = [header.map(csvField).join(',')];
  r.states.forEach((state, k) => {
    const row: (string | number)[] = [k, ...state, csvField(r.actionNames[r.greedy[k]!]!)];
    r.actionNames.forEach((_, a) => row.push(r.base[a]!, ...r.values[k]![a]!));
    lines.push(row.join(','));
  });
  return `${lines.join('\n')}\n`;
}
