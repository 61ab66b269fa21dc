/**
 * A table in a box that scrolls sideways when the table is wider than the page gives it, with a
 * line under the box saying so while it does. The box's edge shadows (style.css `.table-wrap`)
 * alone were easy to miss: at 1024 px the runs list's "Best eval" and the Inspector's "Tree − net"
 * were reachable only by a scroll nothing announced.
 */
import { h } from './dom.ts';

export const SCROLL_HINT = 'Scroll the table sideways for more columns →';

export function tableBox(table: HTMLElement): HTMLElement {
  const wrap = h('div', { class: 'table-wrap' }, table);
  const hint = h('p', { class: 'scroll-hint muted small', attrs: { 'data-scroll-hint': '', hidden: true } }, SCROLL_HINT);
  const box = h('div', { class: 'table-box' }, wrap, hint);
  let shown = false;
  const update = () => {
    // Once the box has been on the page and is gone, stop watching it.
    if (shown && !box.isConnected) return observer.disconnect();
    shown ||= box.isConnected;
    hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1;
  };
  const observer = new ResizeObserver(update);
  observer.observe(wrap);
  observer.observe(table);
  return box;
}
