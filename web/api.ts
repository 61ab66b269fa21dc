/**
 * Typed calls to the qlens API. Paths are relative so the page works wherever it is served. A
 * failed call throws `ApiFailure` whose message is the server's `detail`, ready to show to the user.
 */
import type { ApiError, MetricsPage, RunEvent } from '../src/server/dto.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's short `error` (e.g. ENV_NOT_LOADED), when it answered with one. */
    readonly error?: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`api/${path}`, { ...init, credentials: 'same-origin' });
  } catch (err) {
    // A fetch the caller aborted (a stale request it dropped) is not a server failure.
    if (init?.signal?.aborted) throw err;
    // Plain text: most notices print messages as they are, so Markdown's backticks would show.
    throw new ApiFailure(0, 'The qlens server is not responding. Is it still running (qlens serve, npm start or qlens train --serve)?');
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = body as Partial<ApiError> | null;
    throw new ApiFailure(res.status, err?.detail ?? `${res.status} ${res.statusText}`, err?.error);
  }
  return body as T;
}

export const getJson = <T>(path: string) => call<T>(path);

export const postJson = <T>(path: string, body: unknown, signal?: AbortSignal) =>
  call<T>(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });

export const runPath = (id: string, rest = '') => `runs/${encodeURIComponent(id)}${rest}`;

/**
 * A run's `metrics.jsonl` from byte `since` (the whole file by default), page by page, and the
 * offset to follow it from (the Training and Compare views). `reset`: the file shrank below `since`
 * (a resumed run rewound it), so what was read before no longer holds.
 */
export async function loadAllMetrics(id: string, since = 0): Promise<{ events: RunEvent[]; next: number; reset: boolean }> {
  const events: RunEvent[] = [];
  for (;;) {
    const page = await getJson<MetricsPage>(runPath(id, `/metrics?since=${since}&limit=20000`));
    if (page.reset) return { events: [], next: 0, reset: true };
    events.push(...page.events);
    since = page.next;
    if (page.done) return { events, next: since, reset: false };
  }
}
