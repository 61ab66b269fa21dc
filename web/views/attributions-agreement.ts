/**
 * One line per network method: does it rank the features like the tree does? Spearman's ρ of the
 * |values| (1: same order of importance, −1: reversed) and the top-k overlap (the share of the k
 * most important features both name), averaged over actions, with each action's numbers on hover.
 * Magnitudes, not signs, because each method measures from its own reference. Where the tree and
 * the network pick different actions, alike rankings are not called agreement.
 */
import { NEGLIGIBLE_SHARE } from '../../src/explain/network/agreement.ts';
import type { AttributionMethodName, AttributionsResponse, StateAgreement } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { DASH, fmtDecimals, fmtPercent, humanize } from '../format.ts';
import { methodInfo, methodSwatch } from './attributions-methods.ts';

/**
 * `sameDecision`: whether the tree and the network pick the same action here. Rankings alike while
 * the two decide differently is not agreement (the review found "agrees with the tree", in green,
 * beside a tree that pushed right and a network that pushed left): it is said, and not in green.
 */
export function verdict(a: StateAgreement, sameDecision: boolean): { word: string; kind: 'good' | 'mixed' | 'poor' } {
  // ρ is undefined when one side gives every feature the same magnitude (all zero, typically).
  if (a.spearman === null) return { word: 'all its values are equal here, so there is no ranking to compare', kind: 'mixed' };
  if (a.spearman >= 0.7 && a.topK >= 0.5) return sameDecision ? { word: 'agrees with the tree', kind: 'good' } : { word: 'ranks the features as the tree does, though the two pick different actions here', kind: 'mixed' };
  if (a.spearman >= 0.3) return { word: 'partly agrees', kind: 'mixed' };
  return { word: 'ranks the features differently', kind: 'poor' };
}

/** What "top-k overlap" means, for k = 1 too (MountainCar's two features: "the share of the 1 most important features" read oddly). */
export function topKMeaning(k: number): string {
  return k === 1 ? 'Top-1 overlap: whether both name the same most important feature (100 % if they do, 0 % if not).' : `Top-${k} overlap: the share of the ${k} most important features both name.`;
}

/** ρ with two decimals, every line alike ("−1.00" beside "−0.33", not "−1.0"), as the Global view's ρ. */
const rho = (v: number | null) => (v === null ? DASH : fmtDecimals(v, 2));

export function agreementList(r: AttributionsResponse, methods: AttributionMethodName[]): HTMLElement {
  if (!r.tree) return h('p', { class: 'muted small' }, 'This run has no tree, so there is nothing to compare the network’s attributions with.');
  const rows = methods.flatMap((m) => {
    const a = r.agreement[m];
    if (!a) return [];
    const info = methodInfo(m);
    const v = verdict(a, r.tree!.action === r.networkAction);
    const perAction = a.perAction.map((p) => `${humanize(r.actionNames[p.action]!)}: ρ ${rho(p.spearman)}, top-${a.k} ${fmtPercent(p.topK)}`).join('; ');
    return [
      h(
        'li',
        { attrs: { 'data-agreement': m }, title: `Per action: ${perAction}` },
        methodSwatch(m),
        h('strong', null, info.label),
        a.spearman === null ? ` ${v.word}` : ` ${v.word}: rank correlation ρ = ${rho(a.spearman)}, `,
        // Kept on one line: "0.0" and its "%" were wrapped apart at 800 px.
        a.spearman === null ? null : h('span', { class: 'nowrap' }, `top-${a.k} overlap ${fmtPercent(a.topK)}`),
        h('span', { class: `agree-dot agree-${v.kind}`, attrs: { 'aria-hidden': 'true' } }),
      ),
    ];
  });
  if (rows.length === 0) return h('p', { class: 'muted small' }, 'Tick an attribution method above to see how well it agrees with the tree.');
  const k = Object.values(r.agreement)[0]?.k ?? 1;
  return h(
    'div',
    { class: 'agreement' },
    h('h3', null, 'Agreement with the tree'),
    h('ul', { class: 'plain-list agreement-list' }, ...rows),
    h('p', { class: 'muted small' }, `ρ compares the order of importance (|value|) of the ${r.featureNames.length} features: 1 is the same order, 0 unrelated, −1 reversed; features under ${NEGLIGIBLE_SHARE * 100} % of the largest count as tied, so noise among them does not move it. ${topKMeaning(k)} Averaged over actions; hover a line for each action.`),
  );
}
