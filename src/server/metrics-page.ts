/**
 * Reads `metrics.jsonl` from a byte cursor. The cursor is the byte offset just after the last
 * complete line returned, so a client (or an SSE stream) that passes it back gets exactly the
 * lines written since, never a half-written one: the trainer appends whole lines, and a line
 * without its newline yet is left for the next read.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RunEvent } from '../dqn/events.ts';
import type { MetricsPage } from './dto.ts';

/** Bytes read per call at most; a page stops there and says `done: false`. */
const MAX_CHUNK = 4 * 1024 * 1024;

export interface PageOptions {
  since: number;
  limit: number;
  /** Keep only these event types (all when absent). */
  types?: ReadonlySet<string>;
}

/** A page plus, per event, the byte offset just after its line (the SSE stream's event ids). */
export interface MetricsChunk extends MetricsPage {
  ends: number[];
}

export function readMetricsPage(path: string, options: PageOptions): MetricsPage {
  const { ends: _ends, ...page } = readMetricsChunk(path, options);
  return page;
}

export function readMetricsChunk(path: string, { since, limit, types }: PageOptions): MetricsChunk {
  if (!existsSync(path)) return { events: [], ends: [], next: 0, done: true, reset: since > 0 };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (since > size) return { events: [], ends: [], next: 0, done: false, reset: true };
    const length = Math.min(size - since, MAX_CHUNK);
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, since + got);
      if (n === 0) break;
      got += n;
    }
    const events: RunEvent[] = [];
    const ends: number[] = [];
    let start = 0;
    let stoppedEarly = false;
    for (let nl = buf.indexOf(10, 0); nl !== -1 && nl < got; nl = buf.indexOf(10, start)) {
      const event = parseLine(buf.toString('utf8', start, nl));
      start = nl + 1;
      if (event && (!types || types.has(event.type))) {
        events.push(event);
        ends.push(since + start);
        if (events.length >= limit) {
          stoppedEarly = true;
          break;
        }
      }
    }
    // A single line longer than a whole chunk is not a metrics line: skip it rather than stall.
    if (start === 0 && got === MAX_CHUNK) start = got;
    const next = since + start;
    return { events, ends, next, done: !stoppedEarly && since + got >= size, reset: false };
  } finally {
    closeSync(fd);
  }
}

function parseLine(line: string): RunEvent | null {
  if (!line) return null;
  try {
    const e = JSON.parse(line) as RunEvent;
    return e && typeof e === 'object' && typeof e.type === 'string' && typeof e.step === 'number' ? e : null;
  } catch {
    return null; // a line torn by a crash
  }
}
