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
import { coverageIsWeak } from '../explain/coverage.ts';
import { readFidelityFile } from '../runs/fidelity-file.ts';
import { RUN_FILES } from '../runs/run-files.ts';
import type { FidelityReport, FidelityResponse } from './dto.ts';
import { HttpError } from './http-error.ts';
import { runDirText } from './run-dir-text.ts';

const FIDELITY_FILE = RUN_FILES.fidelity;

export function readFidelity(dir: string): FidelityResponse {
  const path = join(dir, FIDELITY_FILE);
  if (!existsSync(path)) {
    throw new HttpError(
      404,
      'not found',
      `this run has no ${FIDELITY_FILE} yet: measure the tree against CART and a linear model with \`qlens mimic --run ${runDirText(dir)}\` (training with the online mimic writes it at the end)`,
    );
  }
  // The same check and message as `qlens publish` gives the same broken file.
  const f = readFidelityFile(path);
  return {
    report: f.report as FidelityReport,
    setting: f.setting ?? null,
    coverageWeak: f.report.coverage !== undefined && coverageIsWeak(f.report.coverage),
    evalEpisodes: f.evalEpisodes ?? null,
    writtenAt: f.createdAt ?? statSync(path).mtime.toISOString(),
    pruned: f.pruned ? { episodes: f.pruned.episodes, leavesBefore: f.pruned.leavesBefore } : null,
  };
}
