/**
 * Each method's options: documented defaults, validation with the project's plain-English errors
 * (`Invalid steps: 0 (allowed: an integer in [2, 4096])`), frozen results. A server route passes
 * the request's options object straight in; unknown keys are rejected by name.
 *
 * The default budgets are the ones measured to meet issue 6's acceptance on CartPole agents
 * (see the report in bench/explain.ts): permutation SHAP and KernelSHAP within 0.05 of exact
 * Shapley, integrated gradients complete within 1 %.
 */
import { z } from 'zod';
import { opt, resolveConfig } from '../../core/config.ts';
import { MAX_SEED } from '../../core/seed-range.ts';

/** Counterfactual distances (per-feature scaled); `qlens explain --norm` checks against the same list. */
export const NORMS = ['l1', 'l2'] as const;

const seed = () => opt.int(0, { min: 0, max: MAX_SEED });

export const METHOD_OPTIONS = {
  saliency: z.object({}),
  ig: z.object({
    /** `mean` (the agent's average state), `zero`, or explicit values. */
    baseline: z.union([z.enum(['mean', 'zero']), z.array(z.number())]).describe('"mean", "zero" or a list of numbers, one per feature').default('mean'),
    /** Uniform grid steps; steps whose end gradients differ are bisected `refineDepth` times. */
    steps: opt.int(32, { min: 1, max: 65536 }),
    refineDepth: opt.int(12, { min: 0, max: 30 }),
    /** The grid doubles while completeness misses `tolerance`, up to this many steps. */
    maxSteps: opt.int(512, { min: 1, max: 65536 }),
    /** Relative completeness error at which to stop refining. */
    tolerance: opt.number(0.001, { min: 0, max: 1 }),
  }),
  shap: z.object({
    /** Antithetic pairs count twice; a multiple of 2 × background size weighs every background state equally. */
    permutations: opt.int(2000, { min: 2, max: 1_000_000 }),
    seed: seed(),
  }),
  kernelshap: z.object({
    /** Coalitions; default (omitted) is shap's 2d + 2048, capped at the 2^d − 2 that exist. */
    samples: z.number().int().min(2).max(1_000_000).optional().describe('an integer in [2, 1000000]'),
    seed: seed(),
  }),
  exact: z.object({}),
  lime: z.object({
    samples: opt.int(1000, { min: 10, max: 1_000_000 }),
    /** Kernel width in σ units; default (omitted) lime's 0.75·√d. */
    kernelWidth: z.number().gt(0).optional().describe('a number > 0'),
    seed: seed(),
  }),
  pdp: z.object({
    gridPoints: opt.int(21, { min: 2, max: 1000 }),
    iceCurves: opt.int(20, { min: 0, max: 1000 }),
    // Distinct, so the list is no longer than the state (each index is checked against it later):
    // a repeated index would only repeat the work, and a long list of them held the server for a minute.
    features: z
      .array(z.number().int().min(0))
      .max(4096)
      .refine((list) => new Set(list).size === list.length)
      .optional()
      .describe('a list of distinct feature indices, at most one per feature'),
  }),
  counterfactual: z.object({
    /** L1 by default: with per-feature scaling it gives sparse answers (Wachter et al. 2017), i.e. sentences about one feature. */
    norm: opt.oneOf(NORMS, 'l1'),
    /** An action index; omitted: any action other than the greedy one. */
    target: z.number().int().min(0).optional().describe('an action index'),
    randomDirections: opt.int(200, { min: 0, max: 100_000 }),
    refineIterations: opt.int(30, { min: 0, max: 10_000 }),
    seed: seed(),
  }),
  prototype: z.object({
    restarts: opt.int(8, { min: 1, max: 1000 }),
    iterations: opt.int(150, { min: 1, max: 100_000 }),
    stepSize: opt.number(0.25, { min: 0, minExclusive: true, max: 100 }),
    regularization: opt.number(0, { min: 0 }),
    seed: seed(),
  }),
} as const;

export type NetworkMethod = keyof typeof METHOD_OPTIONS;
export const NETWORK_METHODS = Object.keys(METHOD_OPTIONS) as NetworkMethod[];
export type MethodOptions<M extends NetworkMethod> = z.input<(typeof METHOD_OPTIONS)[M]>;
export type ResolvedOptions<M extends NetworkMethod> = Readonly<z.output<(typeof METHOD_OPTIONS)[M]>>;

const CONTEXT: Record<NetworkMethod, string> = {
  saliency: 'saliency', ig: 'integrated gradients', shap: 'SHAP', kernelshap: 'KernelSHAP', exact: 'exact Shapley',
  lime: 'LIME', pdp: 'PDP', counterfactual: 'counterfactual', prototype: 'prototype',
};

export function resolveMethodOptions<M extends NetworkMethod>(method: M, options: unknown): ResolvedOptions<M> {
  return resolveConfig(METHOD_OPTIONS[method], options, CONTEXT[method]) as ResolvedOptions<M>;
}
