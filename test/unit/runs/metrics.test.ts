import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../src/core/errors.ts';
import { MetricsWriter, readMetrics, readMetricsLines, truncateMetrics } from '../../../src/runs/metrics.ts';

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

  it('counts the lines it skips and names the first, blank lines and filtered events aside', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'qlens-m-')), 'metrics.jsonl');
    writeFileSync(path, ['{"type":"a","step":1}', '', 'oops', '{"type":"b","step":2}', 'null', '{"step":3}', '{"type":"a","st'].join('\n'));
    expect(readMetricsLines(path, (e) => e.type === 'a')).toEqual({ events: [{ type: 'a', step: 1 }], skipped: 4, firstSkippedLine: 3 });
    expect(readMetricsLines(join(path, '..', 'none.jsonl'))).toEqual({ events: [], skipped: 0, firstSkippedLine: null });
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

  it('refuses to resume onto a file cut or changed since the checkpoint, naming it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'qlens-m-')), 'metrics.jsonl');
    const w = new MetricsWriter(path);
    w.write({ type: 'a', step: 1 });
    w.write({ type: 'b', step: 2 });
    const bytes = w.bytes;
    w.close();
    writeFileSync(path, readFileSync(path).subarray(0, 10));
    expect(() => truncateMetrics(path, bytes)).toThrow(FileFormatError);
    expect(() => truncateMetrics(path, bytes)).toThrow(`${path}: holds 10 bytes, but the checkpoint was taken when it held ${bytes}`);
    expect(statSync(path).size).toBe(10); // untouched
    writeFileSync(path, 'x'.repeat(bytes + 5));
    expect(() => truncateMetrics(path, bytes)).toThrow(`does not end a line at byte ${bytes}`);
    expect(statSync(path).size).toBe(bytes + 5);
  });
});
