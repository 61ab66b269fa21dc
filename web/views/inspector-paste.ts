/**
 * The inspected state as text. A field shows it as `[0.01, -0.2, 0.03, 0.1]` — what Python reads
 * as a list and `qlens explain --state` reads as the state, every value as `String(x)` writes it
 * (the shortest text that reads back to the same number, as the link's `?obs=`), so it round-trips
 * — and Copy puts that text on the clipboard. A state pasted into the field from Python, NumPy,
 * PyTorch or the CLI (`array([…], dtype=float32)`, `tensor([…])`, `[np.float32(0.1), …]`, `0.01,0.2,…`)
 * is set with Set state (or Enter). It is read by the CLI's own parser (src/core/state-text.ts), so the
 * dashboard accepts and refuses the same texts as `--state`, in the same words: a wrong count names
 * the env's features, a value that is no number or lies beyond |x| ≤ 1e9 its position.
 */
import { ConfigError } from '../../src/core/errors.ts';
import { parseState } from '../../src/core/state-text.ts';
import { code, h } from '../dom.ts';
import { humanize } from '../format.ts';
import { encodeObs } from '../state-link.ts';

/** `[0.01, -0.2, 0.03, 0.1]`: a Python list, and a state `qlens explain --state` and this field read back exactly. */
export function stateText(obs: readonly number[]): string {
  return `[${encodeObs(obs).replaceAll(',', ', ')}]`; // the link's values, so field and link hold the same state
}

/** The state in `text`, or what is wrong with it, naming the features as the sliders do. */
export function readState(text: string, featureNames: readonly string[]): { state: number[] } | { error: string } {
  try {
    return { state: Array.from(parseState(text, featureNames.map(humanize))) };
  } catch (err) {
    // The parser's message names --state; here the field is the state, so its parts are used.
    const invalid = err instanceof ConfigError ? err.invalid : undefined;
    const why = invalid ? `${invalid.value} (allowed: ${invalid.allowed})` : String(err);
    return { error: `Could not read that state: ${why}. The state is unchanged.` };
  }
}

export class StateText {
  readonly el: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly copied: HTMLElement;
  /** The state on screen, as text: what Copy copies, whatever the field holds. */
  private current = '';
  /** The field holds the user's own text (typed or pasted, not yet set): a new state does not overwrite it. */
  private edited = false;
  private copiedTimer: number | undefined;

  constructor(private readonly featureNames: readonly string[], onSet: (obs: number[]) => void) {
    this.input = h('input', {
      class: 'state-text-input mono',
      attrs: { type: 'text', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'The state as text', 'aria-describedby': 'state-text-help', 'data-state-text': '' },
    });
    this.error = h('p', { class: 'state-text-error small', attrs: { role: 'alert', 'data-state-error': '' } });
    this.error.hidden = true;
    this.copied = h('span', { class: 'muted small', attrs: { role: 'status', 'aria-live': 'polite' } });
    const copy = h('button', { class: 'button', attrs: { type: 'button', 'data-copy-state': '' }, title: 'Copy this state as text: a Python list, and what qlens explain --state takes' }, 'Copy');
    const set = h('button', { class: 'button', attrs: { type: 'submit', 'data-set-state': '' }, title: 'Inspect the state in the field' }, 'Set state');
    const form = h('form', { class: 'state-text', attrs: { 'data-state-form': '' } }, h('label', { class: 'state-text-label', attrs: { for: 'state-text-input' } }, 'As text'), this.input, set, copy, this.copied);
    this.input.id = 'state-text-input';
    this.input.addEventListener('input', () => (this.edited = true));
    // Escape puts the state on screen back in the field.
    this.input.addEventListener('keydown', (e) => e.key === 'Escape' && this.revert());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const read = readState(this.input.value, this.featureNames);
      if ('error' in read) return this.refuse(read.error);
      this.edited = false;
      this.clearError();
      onSet(read.state);
    });
    copy.addEventListener('click', () => void this.copy());
    this.el = h(
      'div',
      { class: 'state-text-box' },
      form,
      this.error,
      h(
        'p',
        { class: 'muted small state-text-help', attrs: { id: 'state-text-help' } },
        `Paste a state and press Set state: ${featureNames.length} numbers (${featureNames.map(humanize).join(', ')}) as Python, NumPy or PyTorch print them (`,
        code('[0.01, -0.2, …]'), ', ', code('array([…], dtype=float32)'), ', ', code('tensor([…])'),
        ') or as ', code('qlens explain --state'), ' takes them. Copy gives this state in a form both read back.',
      ),
    );
  }

  /** A new state on screen: the field shows it, unless it holds text of the user's own not yet set. */
  show(obs: readonly number[]): void {
    this.current = stateText(obs);
    if (!this.edited) this.revert();
  }

  private revert(): void {
    this.edited = false;
    this.input.value = this.current;
    this.clearError();
  }

  private refuse(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
    this.input.setAttribute('aria-invalid', 'true');
    this.input.focus();
  }

  private clearError(): void {
    this.error.hidden = true;
    this.error.textContent = '';
    this.input.removeAttribute('aria-invalid');
  }

  private async copy(): Promise<void> {
    let done = false;
    try {
      await navigator.clipboard.writeText(this.current);
      done = true;
    } catch {
      // No clipboard API (a page served over plain http from another host is no secure context): the
      // old way, on the field itself, showing the state on screen; text the user typed and has not
      // set yet comes back once copied.
      const typed = this.edited ? this.input.value : null;
      this.revert();
      this.input.select();
      done = execCopy();
      if (done && typed !== null) {
        this.input.value = typed;
        this.edited = true;
      }
    }
    this.copied.textContent = done ? 'Copied.' : 'The browser refused to copy: select the text in the field and copy it.';
    if (!done) this.revert();
    window.clearTimeout(this.copiedTimer);
    this.copiedTimer = window.setTimeout(() => (this.copied.textContent = ''), done ? 2500 : 8000);
  }
}

/** `document.execCommand('copy')` of the selection; false when the browser refuses. */
function execCopy(): boolean {
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
