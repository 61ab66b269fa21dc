/**
 * A tiny DOM vocabulary instead of a framework: `h('div', { class: 'card' }, 'text', child)`.
 * Text is always set as text (never as HTML), so run names and error details cannot inject markup.
 */
type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  /** Any other attribute (`href`, `type`, `aria-label`, `data-*`, …). */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.title) el.title = props.title;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(props?.on ?? {})) el.addEventListener(type, listener as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** `<code>` inline, for commands in help texts. */
export const code = (text: string) => h('code', null, text);

/** A small colour square beside a label (an action, a method); hidden from screen readers. */
export function swatch(color: string): HTMLElement {
  const s = h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
  s.style.background = color;
  return s;
}

/** A message box for empty, loading and error states; `action` is an optional button. */
export function notice(kind: 'empty' | 'error' | 'loading', title: string, body?: Child | Child[], action?: { label: string; run: () => void }): HTMLElement {
  return h(
    'div',
    { class: `notice notice-${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } },
    h('strong', null, title),
    ...(Array.isArray(body) ? body : [body]).map((b) => (b === undefined ? null : h('p', null, b))),
    action ? h('button', { class: 'button', on: { click: action.run } }, action.label) : null,
  );
}
