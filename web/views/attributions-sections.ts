/**
 * The panel's slower explanations (a counterfactual and PDP/ICE, up to half a second each on the
 * server; prototypes about a second, once per network) run on a button, not on every slider move.
 * Each section remembers which state it was computed for; when the inspected state changes it says
 * its answer is for an earlier state and offers to update, rather than silently showing numbers
 * for a state that is no longer on screen.
 */
import type { AttributionsResponse, NetworkMethod } from '../../src/server/dto.ts';
import { h, replace } from '../dom.ts';
import { AttributionsChannel, failureNote, isBusy } from './attributions-request.ts';
import { methodNeedsBounds } from './observation-space.ts';

export interface SectionOptions {
  id: string;
  title: string;
  /** What it computes, for "Could not compute …": "the counterfactual". */
  what: string;
  /** What it shows, in a sentence, under the title. */
  help: string;
  button: string;
  method: NetworkMethod;
  options?: () => Record<string, unknown>;
  /** Fills `body` from an answer (the method's result is `r.results[method]`). */
  render(body: HTMLElement, r: AttributionsResponse): void;
  /** What the section says before its first answer. */
  empty: string;
  /** True for answers that do not depend on the state (prototypes): never stale. */
  stateless?: boolean;
}

export class OnDemandSection {
  readonly el: HTMLElement;
  readonly body: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly note: HTMLElement;
  private readonly channel = new AttributionsChannel();
  private computedFor: string | null = null;
  private current: { runId: string; observation: number[] } | null = null;
  /** Why the method cannot run at the current state (it lies outside the observation space), or null. */
  private blocked: string | null = null;
  /** A request is out. */
  private running = false;
  /** What the last answer took ("Computed in 21 ms."), said while it is the current state's. */
  private doneNote = '';

  constructor(private readonly o: SectionOptions) {
    this.button = h('button', { class: 'button', attrs: { type: 'button', 'data-run': o.method } }, o.button);
    this.button.addEventListener('click', () => void this.run());
    this.note = h('span', { class: 'muted small', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.body = h('div', { class: 'section-body' }, h('p', { class: 'muted small' }, o.empty));
    this.el = h('section', { class: 'attr-section', attrs: { 'data-section': o.id } }, h('h3', null, o.title), h('p', { class: 'muted small' }, o.help), h('div', { class: 'toolbar' }, this.button, this.note), this.body);
  }

  /**
   * The inspected state changed. `outside` says why it lies outside the observation space (null
   * inside): a method that needs bounds (PDP, the counterfactual) then says so and waits, with its
   * button off, instead of sending a request the server can only refuse.
   */
  setState(runId: string, observation: number[], outside: string | null = null): void {
    this.current = { runId, observation };
    this.blocked = outside !== null && methodNeedsBounds(this.o.method) ? outside : null;
    // Off while a request for an earlier state is out too: a second press would send it twice.
    this.button.disabled = this.blocked !== null || this.running;
    const stale = this.computedFor !== null && !this.o.stateless && this.computedFor !== key(observation);
    this.el.classList.toggle('stale', stale);
    if (this.computedFor !== null && !this.o.stateless) this.button.textContent = stale ? 'Update for this state' : this.o.button;
    this.note.classList.toggle('warn', this.blocked !== null);
    this.note.toggleAttribute('data-outside-space', this.blocked !== null);
    this.note.textContent = this.blocked ? `This needs a state inside the observation space, and ${this.blocked}: move it back inside to compute it.` : stale ? 'This answer is for an earlier state.' : this.doneNote;
  }

  async run(): Promise<void> {
    if (!this.current || this.blocked || this.running) return;
    const { runId, observation } = this.current;
    this.running = true;
    this.button.disabled = true;
    this.note.textContent = 'Computing…';
    try {
      const r = await this.channel.fetch(runId, { observation, methods: [this.o.method], options: this.o.options ? { [this.o.method]: this.o.options() } : undefined });
      if (!r) return;
      this.computedFor = key(r.observation);
      this.doneNote = this.note.textContent = r.cached.includes(this.o.method) ? 'Computed once per network (they do not depend on the state).' : `Computed in ${Math.round(r.milliseconds)} ms.`;
      this.el.classList.remove('stale');
      this.button.textContent = this.o.button;
      this.o.render(this.body, r);
      // The state may have moved while this was computing.
      if (this.current) this.setState(this.current.runId, this.current.observation, this.blocked);
    } catch (err) {
      this.note.textContent = '';
      if (isBusy(err)) this.note.textContent = 'The server is busy with other explanations; press again in a moment.';
      else replace(this.body, failureNote(err, this.o.what, () => void this.run()));
    } finally {
      this.running = false;
      this.button.disabled = this.blocked !== null;
    }
  }

  destroy(): void {
    this.channel.cancel();
  }
}

export const key = (obs: readonly number[]) => obs.join(',');
