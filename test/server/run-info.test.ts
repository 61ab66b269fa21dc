/** The runs list's reading of the end of metrics.jsonl: last return and the tree's fidelity. */
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetricsTail } from '../../src/server/run-info.ts';

const file = () => join(mkdtempSync(join(tmpdir(), 'qlens-tail-')), 'metrics.jsonl');
const line = (e: object) => `${JSON.stringify(e)}\n`;
const episode = (step: number, ret: number) => line({ type: 'episode', step, episode: step, return: ret, length: 1, epsilon: 0.1 });

describe('readMetricsTail', () => {
  it('finds the last episode return and the last mimic agreement, even far back', () => {
    const path = file();
    writeFileSync(path, line({ type: 'mimic', step: 1, samples: 10, leaves: 3, depth: 2, heldOut: 5, rmse: 1, mae: 1, agreement: 0.5, qRange: 2 }));
    appendFileSync(path, line({ type: 'mimic', step: 2, samples: 10, leaves: 3, depth: 2, heldOut: 5, rmse: 1, mae: 1, agreement: 0.875, qRange: 2 }));
    // ~300 kB of episodes after it: several 64 kB blocks, lines cut at block boundaries.
    let text = '';
    for (let i = 0; i < 3000; i++) text += episode(10 + i, i);
    appendFileSync(path, text);
    appendFileSync(path, '{"type":"episode","step":99999,"ret'); // torn last line
    expect(readMetricsTail(path)).toEqual({ lastReturn: 2999, agreement: 0.875 });
  });

  it('gives nulls for a missing file or one without such events', () => {
    expect(readMetricsTail(join(tmpdir(), 'no-such-dir-qlens', 'metrics.jsonl'))).toEqual({ lastReturn: null, agreement: null });
    const path = file();
    writeFileSync(path, line({ type: 'train', step: 5, loss: 1 }));
    expect(readMetricsTail(path)).toEqual({ lastReturn: null, agreement: null });
  });
});
