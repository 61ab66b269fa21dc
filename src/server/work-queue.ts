/**
 * Keeps CPU-bound requests from starving the rest of the server. The network explainers are
 * synchronous arithmetic (1–100 ms per method and state on CartPole); Node runs one thing at a
 * time, so two attribution requests running "at once" only interleave and both finish late, while
 * every other request (the what-if explain route, SSE, page loads) waits behind them. So:
 *
 * - at most `concurrency` jobs run (1 by default); up to `maxWaiting` more wait in order and any
 *   beyond that are refused with a 429 that says to retry, instead of piling up work nobody waits for;
 * - a job whose client has gone (`signal` aborted: the dashboard dropped a stale request) is
 *   skipped when its turn comes, and a running one stops at its next `checkpoint()`;
 * - `checkpoint()` also yields to the event loop (setImmediate), which a job calls between methods,
 *   so other requests are answered between them: the server never blocks for longer than the
 *   slowest single method (bounded by the route's budget caps).
 */
import { HttpError } from './http-error.ts';

/** Thrown by `checkpoint()` once the client has gone; the route answers nobody. */
export class Abandoned extends Error {
  constructor() {
    super('the client went away');
    this.name = 'Abandoned';
  }
}

export interface Job {
  /** Yields to other requests; throws `Abandoned` if the client has gone meanwhile. */
  checkpoint(): Promise<void>;
}

export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency = 1,
    private readonly maxWaiting = 8,
    /** What one job is, singular, for the 429's detail. */
    private readonly what = 'request',
  ) {}

  get pending(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(signal: AbortSignal, work: (job: Job) => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        const n = this.running + this.waiting.length;
        throw new HttpError(429, 'too many requests', `${n} ${this.what}${n === 1 ? ' is' : 's are'} already running or waiting; try again when ${n === 1 ? 'it has' : 'they have'} finished`, { 'Retry-After': '1' });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    // `running` now counts this job (a finished job hands its place over directly).
    try {
      if (signal.aborted) throw new Abandoned();
      return await work({
        checkpoint: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          if (signal.aborted) throw new Abandoned();
        },
      });
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
