/**
 * The live event stream of one run: first every event already in `metrics.jsonl` after the
 * client's cursor, then new ones as they are written, then an `end` event when the run stops.
 *
 * The file is the only source of events. What differs is how we learn that it grew: a run training
 * in this process signals every event (no delay); a run trained by another process (`qlens train`
 * in a terminal) is polled. Each `metric` event's SSE id is the byte offset after its line, so a
 * browser that reconnects resumes exactly where it stopped.
 */
import { join } from 'node:path';
import { RUN_FILES, readSummary } from '../runs/run-files.ts';
import type { RunStatus, StreamEndMessage } from './dto.ts';
import type { LiveRuns } from './live-runs.ts';
import { readMetricsChunk } from './metrics-page.ts';
import type { SseStream } from './sse.ts';

export interface RunStreamOptions {
  dir: string;
  since: number;
  types?: ReadonlySet<string>;
  liveRuns?: LiveRuns;
  /** How often a run written by another process is checked for new lines (ms). */
  pollMs: number;
}

export function streamRunEvents(stream: SseStream, { dir, since, types, liveRuns, pollMs }: RunStreamOptions): void {
  const path = join(dir, RUN_FILES.metrics);
  let cursor = since;

  /** Sends everything between the cursor and the end of the file. */
  const flush = () => {
    try {
      readToEnd();
    } catch {
      // The file vanished or became unreadable (run deleted): end this stream; the browser retries.
      stream.close();
    }
  };
  const readToEnd = () => {
    for (;;) {
      if (stream.isClosed) return;
      const chunk = readMetricsChunk(path, { since: cursor, limit: 2000, types });
      if (chunk.reset) {
        // A resumed run cut the file back to its checkpoint: the client must start over.
        stream.send('reset', { next: 0 });
        cursor = 0;
        continue;
      }
      chunk.events.forEach((event, i) => stream.send('metric', event, chunk.ends[i]));
      cursor = chunk.next;
      if (chunk.done) return;
    }
  };
  const finish = (status: RunStatus) => {
    flush();
    stream.send('end', { status } satisfies StreamEndMessage);
    stream.close();
  };

  flush();
  const live = liveRuns?.get(dir);
  if (live && liveRuns) {
    if (!live.running) return finish(live.status);
    let pending = false;
    const unsubscribe = liveRuns.subscribe(dir, (signal) => {
      if (signal.kind === 'end') return finish(signal.status);
      // Coalesce a burst of events into one read when the training loop next yields.
      if (pending) return;
      pending = true;
      setImmediate(() => {
        pending = false;
        flush();
      });
    });
    stream.onClose(unsubscribe);
    return;
  }
  // No summary (the run was deleted under the stream, say) says nothing about how it ended.
  const status = () => readSummary(dir)?.status ?? 'unknown';
  const current = safeStatus(status);
  if (current !== 'running') return finish(current);
  const timer = setInterval(() => {
    flush();
    const now = safeStatus(status);
    if (now !== 'running') {
      clearInterval(timer);
      finish(now);
    }
  }, pollMs);
  stream.onClose(() => clearInterval(timer));
}

/** A summary being rewritten is renamed atomically, but a foreign or broken one must not kill the stream. */
function safeStatus(read: () => RunStatus): RunStatus {
  try {
    return read();
  } catch {
    return 'unknown';
  }
}
