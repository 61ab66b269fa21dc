import { appendFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricsWriter, readMetrics, truncateMetrics } from '../../../src/runs/metrics.ts';

describe('metrics.jsonl', () => {
  it('appends one event per line and skips a torn last line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'qlens-m-')), 'metrics.jsonl');
    const w = new MetricsWriter(path);
    w.write({ type: 'episode', step: 10, return: 12 });
    w.write({ type: 'train', step: 20, loss: 0.5 });
    w.close();
    appendFileSync(path, '{"type":"episode","st');
    expect(readMetrics(path)).toEqual([
      { type: 'episode', step: 10, return: 12 },
      { type: 'train', step: 20, loss: 0.5 },
    ]);
    expect(readMetrics(path, (e) => e.type === 'train')).toHaveLength(1);
  });

  it('truncates back to a checkpoint size', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'qlens-m-')), 'metrics.jsonl');
    const w = new MetricsWriter(path);
    w.write({ type: 'a', step: 1 });
    const bytes = w.bytes;
    w.write({ type: 'b', step: 2 });
    w.close();
    truncateMetrics(path, bytes);
    expect(statSync(path).size).toBe(bytes);
    expect(readMetrics(path).map((e) => e.type)).toEqual(['a']);
  });
});
