/**
 * Reading a run's `fidelity.json`: the `FidelityReport` (src/explain/fidelity.ts) that `qlens mimic`
 * and the end of training write, the tree beside CART and a linear model on held-out states. The
 * file may carry the usual `format`/`version` tag around the report's fields or be the bare report;
 * either way the fields the dashboard shows are checked, so a foreign or broken file is a 422 that
 * names it rather than a page of NaN. NaN metrics were written as null (JSON has no NaN).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FileFormatError } from '../core/errors.ts';
import { readJsonFile } from '../runs/json-file.ts';
import type { FidelityReport, FidelityResponse } from './dto.ts';
import { HttpError } from './http-error.ts';
import { runDirText } from './run-dir-text.ts';

export const FIDELITY_FILE = 'fidelity.json';

const metric = z.number().nullable();
const errorMetrics = { rmse: metric, mae: metric, relRmse: metric, relMae: metric, pearson: metric };
const greedyReturn = z.object({ mean: z.number(), episodes: z.number(), ci95: z.number().optional() });

const reportSchema = z.object({
  format: z.literal('qlens-fidelity').optional(),
  version: z.literal(1).optional(),
  samples: z.number(),
  trainSamples: z.number(),
  cartTrainSamples: z.number(),
  actionNames: z.array(z.string()),
  qRange: z.number(),
  qRangePerAction: z.array(z.number()),
  models: z.array(
    z.object({
      model: z.enum(['lmut', 'cart', 'linear']),
      label: z.string(),
      leaves: z.number(),
      agreement: z.number(),
      perAction: z.array(z.object(errorMetrics)),
      ...errorMetrics,
    }),
  ),
  greedyReturns: z.partialRecord(z.enum(['lmut', 'cart', 'linear', 'network']), greedyReturn).optional(),
});

export function readFidelity(dir: string): FidelityResponse {
  const path = join(dir, FIDELITY_FILE);
  if (!existsSync(path)) {
    throw new HttpError(
      404,
      'not found',
      `this run has no ${FIDELITY_FILE} yet: measure the tree against CART and a linear model with \`qlens mimic --run ${runDirText(dir)}\` (training with the online mimic writes it at the end)`,
    );
  }
  const parsed = reportSchema.safeParse(readJsonFile(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FileFormatError(path, `not a qlens fidelity report (${issue.path.join('.') || 'file'}: ${issue.message})`);
  }
  const { format: _f, version: _v, ...report } = parsed.data;
  return { report: report as FidelityReport, writtenAt: statSync(path).mtime.toISOString() };
}
