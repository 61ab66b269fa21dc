/**
 * "How each method accounts for Q(action)": what a SHAP user reads first, per ticked method, for one
 * action (the network's pick unless the user picks another): the reference the method measures
 * from (`base`), the sum of its attributions and Q(state) (`output`), and the method's own quality
 * figure from the API.
 *
 * - Permutation SHAP, KernelSHAP, exact Shapley: base = E[Q] over the reference states (the
 *   background sample of the agent's states); efficiency makes base + Σ φ = Q exactly, so the line
 *   is an equation and ends with its additivity gap; permutation SHAP adds its largest standard
 *   error, KernelSHAP whether every coalition was enumerated.
 * - Integrated gradients: base = Q at the baseline (the agent's mean state unless the options say
 *   zero or give values); completeness makes it an equation up to the reported integration error.
 * - LIME: values are β · (state − mean state), so base + Σ is the local linear fit at this state,
 *   not Q: a local reading with its weighted R², no additivity.
 * - Gradient × input: base 0, the values a first-order reading from the all-zero state; their sum
 *   need not equal Q (nor Q − Q(0) where the network bends between the two).
 *
 * `accountingLines` is plain data and text (unit-tested without a DOM); `accountingBlock` draws it.
 */
import type { AttributionMethodName, AttributionsResponse } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { fmtInt, fmtNum, fmtQs, humanize } from '../format.ts';
import { methodInfo, methodSwatch } from './attributions-methods.ts';

/** LIME's weighted R² below this is called a loose fit. */
export const LOOSE_FIT_R2 = 0.5;

export interface AccountingLine {
  method: AttributionMethodName;
  label: string;
  /** The line after the method's name. */
  text: string;
  /** True when the line is an equation base + Σ = Q (the Shapley methods and integrated gradients). */
  additive: boolean;
  /** A figure that should make the reader careful (a loose LIME fit, a Shapley sum that does not add up). */
  warn: boolean;
  /** The part of `text` that says so, marked on screen. */
  warnText?: string;
}

const sum = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0);

/** Decimals of a number as printed ("58.190" → 3). */
const decimalsOf = (text: string) => (/\.(\d+)$/.exec(text)?.[1]?.length ?? 0);

/**
 * `v` through `fmtNum` with (at least) `decimals` decimals where fmtNum prints decimals at all
 * (|v| < 100), so an equation's terms line up with its Q: "57.991 + Σ 0.198 = Q 58.190".
 */
function fmtWithDecimals(v: number, decimals: number, minDigits = 1): string {
  const abs = Math.abs(v);
  if (!(abs >= 1e-6)) return fmtNum(v);
  return fmtNum(v, Math.max(minDigits, decimals + Math.floor(Math.log10(abs)) + 1));
}

/** |base + Σ − Q| in words: float rounding is "adds up". */
function gapText(base: number, total: number, output: number): { text: string; warn: string | undefined } {
  const gap = Math.abs(base + total - output);
  if (gap <= 1e-6 * Math.max(1, Math.abs(output))) return { text: `adds up (gap ${fmtNum(gap, 2)})`, warn: undefined };
  const text = `off by ${fmtNum(gap, 3)}`;
  return { text, warn: text };
}

/** One line per method of `methods` that `r` answered, for action `a`. */
export function accountingLines(r: AttributionsResponse, methods: readonly AttributionMethodName[], a: number): AccountingLine[] {
  const refs = `E[Q] over the ${fmtInt(r.background.used)} reference states`;
  return methods.flatMap((m): AccountingLine[] => {
    const res = r.results[m];
    if (!res) return [];
    const label = methodInfo(m).label;
    const base = res.base[a]!;
    const output = res.output[a]!;
    const total = sum(res.values[a]!);
    // Q as the rest of the page prints this state's Q-values; the reference and Σ with its decimals.
    const q = fmtQs(res.output)[a]!;
    const decimals = decimalsOf(q);
    const b = fmtWithDecimals(base, decimals);
    const s = fmtWithDecimals(total, decimals, 3);
    const line = (text: string, additive: boolean, warnText?: string): AccountingLine[] => [{ method: m, label, text, additive, warn: warnText !== undefined, ...(warnText === undefined ? {} : { warnText }) }];
    switch (m) {
      case 'shap': {
        const r2 = r.results.shap!;
        const se = r2.standardError[a]!;
        const worst = se.reduce((k, v, i) => (v > se[k]! ? i : k), 0);
        const gap = gapText(base, total, output);
        return line(`${refs} ${b} + Σ attributions ${s} = Q ${q} · ${gap.text} · largest standard error ${fmtNum(se[worst], 1)} (${humanize(r.featureNames[worst]!)}, ${fmtInt(r2.permutations)} permutations)`, true, gap.warn);
      }
      case 'kernelshap': {
        const k = r.results.kernelshap!;
        const gap = gapText(base, total, output);
        const how = k.complete ? `all ${fmtInt(k.coalitions)} coalitions fitted, so exact` : `${fmtInt(k.coalitions)} sampled coalitions: an estimate`;
        return line(`${refs} ${b} + Σ attributions ${s} = Q ${q} · ${gap.text} · ${how}`, true, gap.warn);
      }
      case 'exact': {
        const gap = gapText(base, total, output);
        return line(`${refs} ${b} + Σ attributions ${s} = Q ${q} · ${gap.text} · every coalition enumerated: no sampling error`, true, gap.warn);
      }
      case 'ig': {
        const ig = r.results.ig!;
        const err = ig.completenessError[a]!;
        // Named from the option (the result's baselineFrom), never from the numbers: a mean state may be all zeros.
        const where = { mean: 'the agent’s mean state', zero: 'the all-zero state', given: 'the baseline given in the options' }[ig.baselineFrom];
        const relative = Math.abs(output - base) > 1e-6;
        const errText = relative ? `completeness error ${fmtNum(err * 100, 1)} % of Q − Q at the baseline` : `completeness error ${fmtNum(err, 1)} in Q`;
        return line(`Q at the baseline (${where}) ${b} + Σ attributions ${s} = Q ${q} · ${errText}`, true, (relative ? err > 0.01 : err > 1e-3) ? errText : undefined);
      }
      case 'lime': {
        const l = r.results.lime!;
        const r2 = l.r2[a]!;
        const fit = `R² ${fmtNum(r2, 2)}${r2 < LOOSE_FIT_R2 ? ' (a loose fit: read its bars with care)' : ''}`;
        return line(
          `local linear fit, ${fit} · the fit at the agent’s mean state ${b} + Σ attributions ${s} = the fit here ${fmtWithDecimals(l.localPrediction[a]!, decimals)}, while Q is ${q} (no additivity: a local reading)`,
          false,
          r2 < LOOSE_FIT_R2 ? fit : undefined,
        );
      }
      case 'saliency':
        return line(`a local linear reading from the all-zero state: Σ state × ∂Q/∂state ${s}, which need not equal Q ${q} (no additivity)`, false);
    }
  });
}

/** The line's text with its warning, if any, marked. */
function marked(l: AccountingLine): (string | HTMLElement)[] {
  const at = l.warnText ? l.text.indexOf(l.warnText) : -1;
  if (at < 0) return [l.text];
  return [l.text.slice(0, at), h('span', { class: 'accounting-warn', attrs: { 'data-warn': '' } }, l.warnText!), l.text.slice(at + l.warnText!.length)];
}

/** The block, with a pick of the action it accounts for; `onPick` gets the action a user picks. */
export function accountingBlock(r: AttributionsResponse, methods: readonly AttributionMethodName[], action: number, onPick: (a: number) => void): HTMLElement {
  const lines = accountingLines(r, methods, action);
  const pick = h(
    'select',
    { attrs: { 'aria-label': 'Action to account for', 'data-accounting-action': '' } },
    ...r.actionNames.map((name, a) => {
      const option = h('option', { attrs: { value: a } }, `${humanize(name)}${a === r.networkAction ? ' (network’s pick)' : ''}`);
      option.selected = a === action;
      return option;
    }),
  );
  pick.addEventListener('change', () => onPick(Number(pick.value)));
  return h(
    'div',
    { class: 'accounting', attrs: { 'data-accounting': '' } },
    h('h3', null, 'How each method accounts for Q(', humanize(r.actionNames[action]!), ')', h('label', { class: 'accounting-pick muted small' }, 'action ', pick)),
    h(
      'ul',
      { class: 'plain-list accounting-list' },
      ...lines.map((l) =>
        h('li', { attrs: { 'data-accounting-line': l.method } }, methodSwatch(l.method), h('strong', null, `${l.label}:`), ' ', ...marked(l)),
      ),
    ),
    h('p', { class: 'muted small' }, 'Each method explains Q as a reference plus its attributions. The Shapley methods and integrated gradients add up to Q exactly (up to the figure given); LIME and gradient × input are local linear readings whose sums need not.'),
  );
}
