/**
 * Reading a run's `fidelity.json` (src/mimic/report.ts `FidelityFile`, written by `qlens mimic` and
 * at the end of training): `{ format: 'qlens-fidelity', version: 1, setting, createdAt,
 * evalEpisodes, …, report }` where `report` is the `FidelityReport` of src/explain/fidelity.ts, the
 * tree beside CART and a linear model on held-out states. The fields the dashboard shows are
 * checked, so a foreign or broken file is a 422 that names it rather than a page of NaN. NaN
 * metrics were written as null (JSON has no NaN).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FileFormatError } from '../core/errors.ts';
import { coverageIsWeak } from '../explain/coverage.ts';
import { readJsonFile } from '../runs/json-file.ts';
import { RUN_FILES } from '../runs/run-files.ts';
import type { FidelityReport, FidelityResponse } from './dto.ts';
import { HttpError } from './http-error.ts';
import { runDirText } from './run-dir-text.ts';

const FIDELITY_FILE = RUN_FILES.fidelity;

const metric = z.number().nullable();
const errorMetrics = { rmse: metric, mae: metric, relRmse: metric, relMae: metric, pearson: metric };
const greedyReturn = z.object({ mean: z.number(), episodes: z.number(), ci95: z.number().optional() });

const reportSchema = z.object({
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
  coverage: z.object({ states: z.number(), medianDistance: metric, trainSpacing: metric, nearestAgreement: metric }).optional(),
});

const fileSchema = z.object({
  format: z.literal('qlens-fidelity'),
  version: z.literal(1),
  setting: z.string().optional(),
  createdAt: z.string().optional(),
  evalEpisodes: z.number().optional(),
  report: reportSchema,
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
  const parsed = fileSchema.safeParse(readJsonFile(path));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FileFormatError(path, `not a qlens fidelity report (${issue.path.join('.') || 'file'}: ${issue.message})`);
  }
  const f = parsed.data;
  return {
    report: f.report as FidelityReport,
    setting: f.setting ?? null,
    coverageWeak: f.report.coverage !== undefined && coverageIsWeak(f.report.coverage),
    evalEpisodes: f.evalEpisodes ?? null,
    writtenAt: f.createdAt ?? statSync(path).mtime.toISOString(),
  };
}
