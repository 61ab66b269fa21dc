/**
 * Why the tree picks its action over the runner-up: the margin Q(a) − Q(b) decomposed the way each
 * Q is, a baseline difference Q̄_{L,a} − Q̄_{L,b} plus one term per feature
 * (w_{L,a,i} − w_{L,b,i})·(s_i − μ_{L,i}), the difference of the two actions' terms. The terms add
 * up to the margin exactly, as each action's add up to its Q. A state's Q-values mostly share
 * their size (CartPole's two are ~58 and differ by ~0.001): the per-action terms show what sets
 * the Q-values, these show what sets the decision, as SHAP's waterfall of the advantage would.
 */
import type { Explanation } from './local.ts';

export interface DecisionTerms {
  /** The tree's pick. */
  action: number;
  /** The runner-up: the best other action (ties to the lowest index). */
  versus: number;
  /** Q(action) − Q(versus), ≥ 0. */
  margin: number;
  /** Q̄_{L,action} − Q̄_{L,versus}: the leaf baselines' difference. */
  baseline: number;
  /** Per feature (feature order): its term in Q(action) minus its term in Q(versus). */
  terms: number[];
}

/** Null for a single-action tree: there is nothing to decide. */
export function decisionTerms(e: Pick<Explanation, 'action' | 'qTree' | 'bias' | 'contributions'>): DecisionTerms | null {
  if (e.qTree.length < 2) return null;
  let versus = -1;
  for (let a = 0; a < e.qTree.length; a++) if (a !== e.action && (versus < 0 || e.qTree[a]! > e.qTree[versus]!)) versus = a;
  const mine = e.contributions[e.action]!;
  const theirs = e.contributions[versus]!;
  return {
    action: e.action,
    versus,
    margin: e.qTree[e.action]! - e.qTree[versus]!,
    baseline: e.bias[e.action]! - e.bias[versus]!,
    terms: mine.map((c, i) => c.contribution - theirs[i]!.contribution),
  };
}
