/**
 * The attributions route's work: parse and check the request, then run each asked-for network
 * explainer on the state (src/explain/network/) beside the tree's contributions.
 *
 * Validation happens before any work, so a bad request costs nothing: the body's shape by zod,
 * each method's options by the explainer's own validator (unknown keys and bad values named, its
 * plain-English message prefixed with `body.options.<method>`), and budgets against
 * ATTRIBUTION_BUDGET_CAPS. What only the state can tell (a counterfactual target that is not an
 * action, a state outside the observation space for LIME/PDP/counterfactual) is the explainer's
 * 400, prefixed with the method's name.
 */
import { z } from 'zod';
import { unwrap } from '../core/config.ts';
import { QlensError } from '../core/errors.ts';
import { argmax } from '../core/q-function.ts';
import { explainState } from '../explain/index.ts';
import { explainWithMethods, METHOD_OPTIONS, NETWORK_METHODS, type NetworkMethod, resolveMethodOptions } from '../explain/network/index.ts';
import type { ServerContext } from './context.ts';
import type { AttributionsRequest, AttributionsResponse, MethodResults, TreeTerms } from './dto.ts';
import { BACKGROUND_EPISODES, BACKGROUND_SEED } from './explainer-cache.ts';
import { badRequest } from './http-error.ts';
import { observationSchema } from './routes/explain.ts';
import type { RunEntry } from './run-catalog.ts';
import { networkOf } from './run-network.ts';
import { parse } from './validate.ts';
import type { Job } from './work-queue.ts';

/** What a request without `methods` gets: one method of each family, each 1–5 ms on CartPole. */
export const DEFAULT_ATTRIBUTION_METHODS: readonly NetworkMethod[] = ['saliency', 'shap', 'lime'];

/**
 * The largest budgets the server runs. The route yields between methods, but one method holds the
 * event loop (and the explain route waits) while it computes, so the caps bound one method's time
 * on the slowest pretrained agent. Measured at these caps (three runs, CartPole / Acrobot /
 * MountainCar, ms): ig 110-120 / 90-120 / 180-250, shap 70-80 / 65-75 / 30-50, kernelshap ~10 /
 * ~15 / ~5, lime 100-110 / 50-65 / 65-100, pdp 55-65 / 120-165 / 105-145, counterfactual 65-105 /
 * 100-110 / 315-330, prototype 260-350 / 250-330 / 340-460. The earlier caps (ig 4096 steps,
 * counterfactual 2000 × 200, prototype 16 × 600) took up to 1.3 s on MountainCar.
 * `qlens explain` is bounded only by each option's own range (METHOD_OPTIONS, e.g. 1,000,000 permutations).
 */
export const ATTRIBUTION_BUDGET_CAPS: Partial<Record<NetworkMethod, Record<string, number>>> = {
  ig: { steps: 2048, maxSteps: 2048 },
  shap: { permutations: 20_000 },
  kernelshap: { samples: 20_000 },
  lime: { samples: 10_000 },
  pdp: { gridPoints: 101, iceCurves: 50 },
  counterfactual: { randomDirections: 1000, refineIterations: 100 },
  prototype: { restarts: 8, iterations: 300 },
};

const allowed = NETWORK_METHODS.join(', ');
const method = z.enum(NETWORK_METHODS as [NetworkMethod, ...NetworkMethod[]], { error: `not a method (allowed: ${allowed})` });

const bodySchema = z.strictObject(
  {
    observation: observationSchema,
    methods: z.array(method).min(1, 'list at least one method').max(32).optional(),
    options: z
      .partialRecord(method, z.record(z.string(), z.unknown(), { error: 'expected an object of this method’s options' }), {
        // zod reports a key outside the enum as `unrecognized_keys` (its types say otherwise).
        error: (issue) => {
          const i = issue as { code: string; keys?: string[] };
          return i.code === 'unrecognized_keys' ? `unknown method "${i.keys?.[0]}" (allowed: ${allowed})` : 'expected an object mapping method names to their options';
        },
      })
      .optional(),
  },
);

export interface ParsedRequest {
  observation: number[];
  methods: NetworkMethod[];
  options: Partial<Record<NetworkMethod, Record<string, unknown>>>;
}

/** The checked request; throws a 400 naming the first problem. */
export function parseAttributionsRequest(body: unknown): ParsedRequest {
  const parsed = parse(bodySchema, body, 'body') as AttributionsRequest;
  const options = parsed.options ?? {};
  for (const [m, given] of Object.entries(options) as [NetworkMethod, Record<string, unknown>][]) {
    for (const [key, max] of Object.entries(ATTRIBUTION_BUDGET_CAPS[m] ?? {})) {
      const v = given[key];
      if (typeof v === 'number' && v > max) throw badRequest(`body.options.${m}.${key}: ${v} is more than the dashboard server runs (at most ${max}; ${cliLimitText(m, key)})`);
    }
    try {
      resolveMethodOptions(m, given);
    } catch (err) {
      if (err instanceof QlensError) throw badRequest(`body.options.${m}: ${err.message}`);
      throw err;
    }
  }
  return { observation: parsed.observation, methods: [...new Set(parsed.methods ?? DEFAULT_ATTRIBUTION_METHODS)], options };
}

/** What `qlens explain` takes for a method's option: up to the maximum of the option's own range. */
function cliLimitText(m: NetworkMethod, key: string): string {
  const field = unwrap((METHOD_OPTIONS[m].shape as Record<string, z.ZodType>)[key]);
  const max = field instanceof z.ZodNumber ? field.maxValue : null;
  return max !== null && Number.isFinite(max) ? `\`qlens explain\` takes up to ${max}` : '`qlens explain` takes any budget';
}

/** Runs the request's methods one by one, yielding to other requests between them (`job.checkpoint`). */
export async function computeAttributions(ctx: ServerContext, entry: RunEntry, request: ParsedRequest, job: Job): Promise<AttributionsResponse> {
  const { observation, methods, options } = request;
  // The network the tree mimics (as the explain route): the saved one, the live one before any is saved.
  const net = await networkOf(ctx, entry, 'saved');
  const lease = await ctx.explainers.acquire(entry.dir, net);
  const t0 = performance.now();
  try {
    const { explainer, network } = lease.entry;
    if (observation.length !== explainer.obsDim) {
      throw badRequest(`body.observation: has ${observation.length} values, this run's observations have ${explainer.obsDim} (${explainer.featureNames.join(', ')})`);
    }
    const loaded = ctx.trees.find(entry.dir);
    const explanation = loaded ? explainState(loaded.tree, observation) : null;
    const results: Partial<MethodResults> = {};
    const agreement: AttributionsResponse['agreement'] = {};
    const cached: NetworkMethod[] = [];
    for (const m of methods) {
      await job.checkpoint(); // let the explain route, SSE and page loads in between methods
      try {
        if (m === 'prototype') {
          const o = resolveMethodOptions('prototype', options.prototype);
          let fresh = false;
          results.prototype = await lease.entry.memo(`prototype:${JSON.stringify(o)}`, () => ((fresh = true), explainer.explain('prototype', observation, o)));
          if (!fresh) cached.push('prototype');
        } else {
          const one = await explainWithMethods(explainer, observation, [m], { [m]: options[m] ?? {} }, explanation ?? undefined);
          Object.assign(results, one.results);
          Object.assign(agreement, one.agreement);
        }
      } catch (err) {
        if (err instanceof QlensError) throw badRequest(`${m}: ${err.message}`);
        throw err;
      }
    }
    const q = Array.from(network.qValues(Float32Array.from(observation)));
    return {
      observation,
      featureNames: [...explainer.featureNames],
      actionNames: [...explainer.actionNames],
      weights: lease.entry.weights,
      qNetwork: q,
      networkAction: argmax(q),
      background: { episodes: BACKGROUND_EPISODES, seed: BACKGROUND_SEED, states: lease.entry.states, used: explainer.distribution.backgroundSize },
      tree: explanation && treeTerms(explanation),
      methods,
      results,
      agreement,
      cached,
      milliseconds: performance.now() - t0,
    };
  } finally {
    lease.release();
  }
}

function treeTerms(e: ReturnType<typeof explainState>): TreeTerms {
  return { contributions: e.contributions.map((terms) => terms.map((t) => t.contribution)), bias: [...e.bias], qTree: [...e.qTree], action: e.action };
}
