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

/** A metrics file's events, and the lines that hold none (`readMetricsLines`). */
export interface MetricsRead {
  events: MetricEvent[];
  /** Non-empty lines that are not a JSON event: a torn last line, or a file damaged or edited by hand. */
  skipped: number;
  /** The 1-based line number of the first of them, or null when none was skipped. */
  firstSkippedLine: number | null;
}

/** All complete events of a metrics file; a torn or invalid line is skipped, never fatal. */
export function readMetrics(path: string, filter?: (e: MetricEvent) => boolean): MetricEvent[] {
  return readMetricsLines(path, filter).events;
}

/**
 * `readMetrics`, counting what it skipped: a command that converts the whole log (`qlens
 * tensorboard`) says how much of it did not make it, where a torn line alone could pass unsaid.
 */
export function readMetricsLines(path: string, filter?: (e: MetricEvent) => boolean): MetricsRead {
  const read: MetricsRead = { events: [], skipped: 0, firstSkippedLine: null };
  if (!existsSync(path)) return read;
  readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
    if (!line) return;
    const e = parseEvent(line);
    if (e === null) {
      // A line cut short by a crash (the run resumes from a checkpoint that predates it), or damage.
      read.skipped++;
      read.firstSkippedLine ??= i + 1;
    } else if (!filter || filter(e)) read.events.push(e);
  });
  return read;
}

function parseEvent(line: string): MetricEvent | null {
  try {
    const e = JSON.parse(line) as MetricEvent | null;
    return e && typeof e.type === 'string' ? e : null;
  } catch {
    return null;
  }
}
