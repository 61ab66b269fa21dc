/**
 * What a view says about a link's value it cannot use (a state, a seed, a step, a node): one warning
 * line, the same look and hook (`data-bad-link`) in every view, the value quoted and cut short.
 */
import { h } from './dom.ts';

/** The link's text in quotes, cut at `max` characters (a pasted link can carry anything). */
export const quotedLinkValue = (text: string, max = 30) => `“${text.length > max ? `${text.slice(0, max)}…` : text}”`;

export const linkNote = (sentence: string) => h('p', { class: 'small warn', attrs: { 'data-bad-link': '' } }, sentence);
