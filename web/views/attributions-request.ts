/**
 * Requests to `POST /api/runs/:id/attributions` for one part of the panel. A new request aborts
 * the one in flight (the server then skips or stops its work: work-queue.ts) and only the newest
 * answer is delivered, so a slider dragged across a feature shows the state it stopped at, never an
 * older one that happened to arrive last.
 */
import { type AttributionsRequest, type AttributionsResponse, ENV_NOT_LOADED } from '../../src/server/dto.ts';
import { ApiFailure, postJson, runPath } from '../api.ts';
import { h } from '../dom.ts';

export class AttributionsChannel {
  private controller: AbortController | null = null;
  private seq = 0;

  /** The answer, or null when a newer request (or `cancel`) superseded this one. Failures throw ApiFailure. */
  async fetch(runId: string, body: AttributionsRequest): Promise<AttributionsResponse | null> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const mine = ++this.seq;
    try {
      const r = await postJson<AttributionsResponse>(runPath(runId, '/attributions'), body, controller.signal);
      return mine === this.seq && !controller.signal.aborted ? r : null;
    } catch (err) {
      if (mine !== this.seq || controller.signal.aborted) return null;
      throw err;
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  get busy(): boolean {
    return this.controller !== null;
  }

  cancel(): void {
    this.seq++;
    this.controller?.abort();
    this.controller = null;
  }
}

/** The server is busy with other attribution requests (429): worth retrying shortly, not an error to show. */
export const isBusy = (err: unknown) => err instanceof ApiFailure && err.status === 429;

/**
 * A failure as a note that says what happened and what to do, with a button to try again where
 * trying again can help: a refused request (400: e.g. a state outside the observation space) would
 * be refused again, so it gets the advice alone.
 */
export function failureNote(err: unknown, what: string, retry: () => void): HTMLElement {
  const status = err instanceof ApiFailure ? err.status : -1;
  const notLoaded = err instanceof ApiFailure && err.error === ENV_NOT_LOADED;
  const message = err instanceof Error ? err.message : String(err);
  const advice =
    status === 0
      ? 'Check that `qlens serve` (or `npm start`) is still running, then try again.'
      : notLoaded
        ? 'The explanations that play the agent’s own episodes need its environment: restart the server as the message says.'
        : status === 409
        ? 'The run has not saved a network yet: wait for its first checkpoint, then try again.'
        : status === 400
          ? 'The state may lie outside the observation space: move the sliders back inside it.'
          : 'Try again; if it keeps failing, the server log has the details.';
  const button = status === 400 || notLoaded ? null : h('button', { class: 'button', attrs: { type: 'button' } }, 'Try again');
  button?.addEventListener('click', retry);
  return h('div', { class: 'card-note card-note-error', attrs: { role: 'alert' } }, h('strong', null, `Could not compute ${what}. `), message, h('p', { class: 'small' }, advice), button);
}
