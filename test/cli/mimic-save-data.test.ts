import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/explain/format.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const AGENT = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');

/** A numeric CSV as named columns. */
function readColumns(path: string): Map<string, number[]> {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  const columns = new Map(names.map((name) => [name, [] as number[]]));
  for (const row of rows) row.split(',').forEach((cell, j) => columns.get(names[j]!)!.push(Number(cell)));
  return columns;
}

/** RMSE over every held-out state and action, as the fidelity table computes it. */
function rmse(pred: number[][], labels: number[][]): number {
  let se = 0;
  let m = 0;
  pred.forEach((column, a) => column.forEach((p, r) => ((se += (p - labels[a]![r]!) ** 2), (m += 1))));
  return Math.sqrt(se / m);
}

describe('qlens mimic --save-data', () => {
  it("names the data folder and its files, and predictions.csv holds each model's held-out Q, reproducing the RMSE printed for it", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'qlens-save-data-'));
    const data = join(tmp, 'data');
    const out = join(tmp, 'out');
    const r = await qlens(['mimic', '--run', AGENT, '--states', '3000', '--held-out-episodes', '3', '--eval-episodes', '2', '--out', out, '--save-data', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote into ${data}:\n  train.csv (`);
    expect(r.stdout).toMatch(/\n {2}heldout\.csv \([\d,]+ states held out, with the network's Q\)\n {2}predictions\.csv \(the LMUT's, CART's and the linear model's Q on the held-out states/);

    const actions = ['push_left', 'push_right'];
    const predictions = readColumns(join(data, 'predictions.csv'));
    // The LMUT's columns keep issue #4's names, first; the baselines follow under their own.
    expect([...predictions.keys()]).toEqual([...actions.map((a) => `pred_${a}`), ...actions.map((a) => `cart_pred_${a}`), ...actions.map((a) => `linear_pred_${a}`)]);
    const heldOut = readColumns(join(data, 'heldout.csv'));
    const labels = actions.map((a) => heldOut.get(`q_${a}`)!);
    expect(predictions.get('pred_push_left')).toHaveLength(labels[0]!.length);

    const fidelity = JSON.parse(readFileSync(join(out, 'fidelity.json'), 'utf8')) as { report: { models: { model: string; rmse: number }[] } };
    const printed = (label: string) => new RegExp(`\\n${label} +\\d+(?: × \\d+)? +(\\S+) `).exec(r.stdout)![1];
    for (const [model, prefix, label] of [['lmut', 'pred_', 'LMUT'], ['cart', 'cart_pred_', 'CART'], ['linear', 'linear_pred_', 'Linear']] as const) {
      const fromCsv = rmse(actions.map((a) => predictions.get(`${prefix}${a}`)!), labels);
      expect(fromCsv, model).toBeCloseTo(fidelity.report.models.find((m) => m.model === model)!.rmse, 9);
      expect(formatNumber(fromCsv, 4), model).toBe(printed(label));
    }
    // The models differ, so each set of columns is its own model's (not the tree's repeated).
    expect(predictions.get('cart_pred_push_left')).not.toEqual(predictions.get('pred_push_left'));
    expect(predictions.get('linear_pred_push_left')).not.toEqual(predictions.get('pred_push_left'));
  }, 120_000);
});
