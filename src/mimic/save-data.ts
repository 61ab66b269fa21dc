/**
 * `qlens mimic --save-data <dir>`: the data behind the fidelity table, as CSV, so any other tool can
 * be fitted and judged on exactly the same states (csv.ts for the format):
 *  - `train.csv`: the states the tree learned from, with the network's Q (`q_<action>`);
 *  - `heldout.csv`: the held-out states fidelity is measured on, with the network's Q;
 *  - `predictions.csv`: one row per held-out state (same order) with each model's Q: the LMUT's
 *    `pred_<action>` (issue #4's columns, first and unchanged: other tools read them), then CART's
 *    `cart_pred_<action>` and the linear model's `linear_pred_<action>`, the two baselines mimic
 *    prints beside the tree. Each model's RMSE against `heldout.csv`'s `q_` columns is the one printed.
 */
import { join } from 'node:path';
import { formatCount } from '../explain/format.ts';
import type { Baselines } from '../explain/index.ts';
import { writeCsv } from './csv.ts';
import type { OfflineMimicResult, TreeNamesLike } from './offline.ts';

export const SAVED_DATA_FILES = { train: 'train.csv', heldOut: 'heldout.csv', predictions: 'predictions.csv' } as const;

/** Prefix of each model's prediction columns in `predictions.csv` (the LMUT's keeps issue #4's bare `pred_`). */
export const PREDICTION_PREFIXES = { lmut: 'pred_', cart: 'cart_pred_', linear: 'linear_pred_' } as const;

/** Writes the three files into `dir` and returns what was written, one line per file, for the command's output. */
export function saveMimicData(dir: string, result: OfflineMimicResult, baselines: Baselines, names: TreeNamesLike): string[] {
  const { train, heldOut, tree } = result;
  const q = names.actionNames.map((a) => `q_${a}`);
  writeCsv(join(dir, SAVED_DATA_FILES.train), train.n, [{ names: names.featureNames, values: train.obs }, { names: q, values: train.q }]);
  writeCsv(join(dir, SAVED_DATA_FILES.heldOut), heldOut.n, [{ names: names.featureNames, values: heldOut.obs }, { names: q, values: heldOut.q }]);
  const models = [
    [PREDICTION_PREFIXES.lmut, tree],
    [PREDICTION_PREFIXES.cart, baselines.cart],
    [PREDICTION_PREFIXES.linear, baselines.linear],
  ] as const;
  writeCsv(
    join(dir, SAVED_DATA_FILES.predictions),
    heldOut.n,
    models.map(([prefix, model]) => ({ names: names.actionNames.map((a) => `${prefix}${a}`), values: model.qBatch64(heldOut.obs, heldOut.n) })),
  );
  const states = (n: number) => `${formatCount(n)} state${n === 1 ? '' : 's'}`;
  return [
    `${SAVED_DATA_FILES.train} (${states(train.n)} the tree learned from, with the network's Q)`,
    `${SAVED_DATA_FILES.heldOut} (${states(heldOut.n)} held out, with the network's Q)`,
    `${SAVED_DATA_FILES.predictions} (the LMUT's, CART's and the linear model's Q on the held-out states: ${PREDICTION_PREFIXES.lmut}, ${PREDICTION_PREFIXES.cart}, ${PREDICTION_PREFIXES.linear}<action>)`,
  ];
}
