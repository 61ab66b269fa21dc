/**
 * The Training view's toolbar, as TensorBoard users expect it: a Smoothing slider with its weight as
 * a number (either can be set; kept in localStorage for every run), and "Download CSV".
 */
import { h } from '../dom.ts';
import { MAX_SMOOTHING, clampSmoothing } from './smoothing.ts';

const STORAGE_KEY = 'qlens.training.smoothing';

/** The weight this browser last set, or TensorBoard's default. */
export function storedSmoothing(): number {
  try {
    return clampSmoothing(localStorage.getItem(STORAGE_KEY));
  } catch {
    return clampSmoothing(undefined); // storage disabled
  }
}

function storeSmoothing(w: number): void {
  try {
    localStorage.setItem(STORAGE_KEY, String(w));
  } catch {
    // storage disabled or full: the setting lasts for this page only
  }
}

export interface ToolbarOptions {
  smoothing: number;
  /** Called with the new weight (already stored), at most once per animation frame while dragging. */
  onSmoothing: (w: number) => void;
  onDownload: () => void;
  /** The Download button's tooltip: what the CSV holds. */
  downloadTitle?: string;
}

export function trainingToolbar(options: ToolbarOptions): HTMLElement {
  const help = 'Exponential moving average of the episode return and the TD loss, debiased at the start, exactly as TensorBoard smooths scalars. 0: no smoothing; 0.99: the smoothest. The raw points stay drawn.';
  const attrs = { min: 0, max: MAX_SMOOTHING, step: 0.01 };
  const range = h('input', { class: 'smoothing-range', attrs: { ...attrs, type: 'range', 'aria-label': 'Smoothing weight' } });
  const number = h('input', { class: 'smoothing-value', attrs: { ...attrs, type: 'number', 'aria-label': 'Smoothing weight' } });
  let weight = options.smoothing;
  let frame: number | undefined;
  const show = () => {
    range.value = String(weight);
    number.value = weight.toFixed(2);
  };
  const set = (raw: string, from: HTMLInputElement) => {
    const w = clampSmoothing(raw);
    if (from === range) number.value = w.toFixed(2);
    if (w === weight) return;
    weight = w;
    storeSmoothing(w);
    if (frame !== undefined) return;
    frame = window.requestAnimationFrame(() => {
      frame = undefined;
      options.onSmoothing(weight);
    });
  };
  range.addEventListener('input', () => set(range.value, range));
  // Typed values apply on Enter or leaving the box, then show as stored (clamped, two decimals).
  number.addEventListener('change', () => {
    set(number.value, number);
    show();
  });
  show();
  return h(
    'div',
    { class: 'toolbar training-toolbar' },
    h('label', { title: help }, 'Smoothing', range, number),
    h('span', { class: 'muted small' }, 'TensorBoard’s EMA of return and TD loss'),
    h('button', { class: 'button download-csv', attrs: { type: 'button' }, title: options.downloadTitle ?? 'Every chart’s raw values as one CSV: step, series, value', on: { click: options.onDownload } }, '⤓ Download CSV'),
  );
}
