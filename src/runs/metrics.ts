/**
 * `metrics.jsonl`: one event per line, append-only. Lines are written with a single `write` each, so
 * a crash can at worst leave a torn last line, which the reader skips. A resumed run first truncates
 * the file back to the size recorded in its checkpoint, so the events after that point are written
 * once, not twice.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import { FileFormatError } from '../core/errors.ts';

/** Every event has a type and the environment step it belongs to; the rest depends on the type. */
export interface MetricEvent {
  type: string;
  step: number;
  [key: string]: unknown;
}

export class MetricsWriter {
  private fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Appends one event as one line. */
  write(event: object): void {
    writeSync(this.fd, `${JSON.stringify(event)}\n`);
  }

  /** Current size in bytes (stored in checkpoints for truncation on resume). */
  get bytes(): number {
    return statSync(this.path).size;
  }

  flush(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/** Cuts `path` back to `bytes` (the size recorded by the checkpoint being resumed). */
export function truncateMetrics(path: string, bytes: number): void {
  const size = existsSync(path) ? statSync(path).size : 0;
  // Shorter than at the checkpoint, or not ending a line there: the file was cut or replaced since.
  // Appending to it would mix two histories, so say so instead.
  if (size < bytes) throw new FileFormatError(path, `holds ${size} bytes, but the checkpoint was taken when it held ${bytes}: it was cut or replaced, so the run cannot resume onto it (restore the file, or start a new run)`);
  if (bytes > 0) {
    const last = Buffer.alloc(1);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, last, 0, 1, bytes - 1);
    } finally {
      closeSync(fd);
    }
    if (last[0] !== 0x0a) throw new FileFormatError(path, `does not end a line at byte ${bytes}, where the checkpoint was taken: it was changed, so the run cannot resume onto it (restore the file, or start a new run)`);
  }
  if (size > bytes) truncateSync(path, bytes);
}

/** All complete events of a metrics file; a torn or invalid line is skipped, never fatal. */
export function readMetrics(path: string, filter?: (e: MetricEvent) => boolean): MetricEvent[] {
  if (!existsSync(path)) return [];
  const events: MetricEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as MetricEvent;
      if (e && typeof e.type === 'string' && (!filter || filter(e))) events.push(e);
    } catch {
      // A line cut short by a crash: the run resumes from a checkpoint that predates it.
    }
  }
  return events;
}
