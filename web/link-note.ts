/**
 * What a view says about a link's value it cannot use (a state, a seed, a step, a node): one warning
 * line, the same look and hook (`data-bad-link`) in every view, the value quoted and cut short.
 */
import { h } from './dom.ts';
import { selectIfOffered } from './view-params.ts';

/** The link's text in quotes, cut at `max` characters (a pasted link can carry anything). */
export const quotedLinkValue = (text: string, max = 30) => `“${text.length > max ? `${text.slice(0, max)}…` : text}”`;

export const linkNote = (sentence: string) => h('p', { class: 'small warn', attrs: { 'data-bad-link': '' } }, sentence);

/**
 * Selects the link's `value` in `select` when it is one of its options. When it is not, the view
 * keeps its default and says so: the value, the allowed ones (value = label) and what shows
 * instead (`instead`, else the option selected now). Null when there is nothing to say: no value,
 * or one that is offered.
 */
export function selectFromLink(select: HTMLSelectElement, value: string | null, what: string, instead?: string): HTMLElement | null {
  if (value === null || selectIfOffered(select, value)) return null;
  const options = [...select.options];
  const allowed = options.map((o) => (o.value === o.text ? o.value : `${o.value} = ${o.text}`)).join(', ');
  const shown = instead ?? options.find((o) => o.value === select.value)?.text ?? 'the first';
  return linkNote(`The link’s ${what} ${quotedLinkValue(value)} is not one offered here (allowed: ${allowed}), so ${shown} shows.`);
}
