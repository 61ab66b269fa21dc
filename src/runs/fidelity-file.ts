/**
 * The shape of a run's `fidelity.json` (src/mimic/report.ts `FidelityFile`, written by `qlens mimic`
 * and at the end of training), as readers check it: `report` is the `FidelityReport` of
 * src/explain/fidelity.ts, the tree beside CART and a linear model on held-out states. NaN metrics
 * are written as null (JSON has no NaN). The dashboard (src/server/fidelity-file.ts) and
 * `qlens publish` check with it, so a foreign or broken file is named instead of shown or shipped.
 */
import { z } from 'zod';
import { readTaggedJson } from './json-file.ts';

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
      leavesPerAction: z.array(z.number()).optional(),
      agreement: z.number(),
      perAction: z.array(z.object(errorMetrics)),
      ...errorMetrics,
    }),
  ),
  greedyReturns: z.partialRecord(z.enum(['lmut', 'cart', 'linear', 'network']), greedyReturn).optional(),
  coverage: z.object({ states: z.number(), medianDistance: metric, trainSpacing: metric, nearestAgreement: metric }).optional(),
});

export const fidelityFileSchema = z.object({
  format: z.literal('qlens-fidelity'),
  version: z.literal(1),
  setting: z.string().optional(),
  createdAt: z.string().optional(),
  evalEpisodes: z.number().optional(),
  pruned: z.object({ episodes: z.number(), states: z.number(), leavesBefore: z.number(), leavesAfter: z.number(), rmseBefore: z.number(), rmseAfter: z.number() }).optional(),
  report: reportSchema,
});

/** Reads and checks `path`; a file that is not JSON, or not a fidelity report, is a `FileFormatError` naming it. */
export function readFidelityFile(path: string): z.output<typeof fidelityFileSchema> {
  return readTaggedJson(path, 'qlens-fidelity', 1, fidelityFileSchema);
}
