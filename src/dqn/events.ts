/**
 * What a training run reports. The same events go to `metrics.jsonl`, the progress bar and the
 * dashboard's live stream, so each is a plain JSON object with a `type` and the env `step`.
 */
export interface EpisodeEvent {
  type: 'episode';
  step: number;
  episode: number;
  return: number;
  length: number;
  epsilon: number;
}

export interface TrainLogEvent {
  type: 'train';
  step: number;
  trainSteps: number;
  loss: number;
  meanQ: number;
  epsilon: number;
  /** Environment steps per second since the previous `train` event (wall clock; not deterministic). */
  sps: number;
  /** Mean return of the last 100 training episodes. */
  meanReturn100: number | null;
}

export interface EvalEvent {
  type: 'eval';
  step: number;
  episodes: number;
  meanReturn: number;
  stdReturn: number;
  minReturn: number;
  maxReturn: number;
  /** Mean episode length of the evaluation (SB3's `eval/mean_ep_length`); logs before it lack it. */
  meanLength?: number;
  solved: boolean;
}

export type TrainEvent = EpisodeEvent | TrainLogEvent | EvalEvent;

/** The online LMUT's fidelity against the live network on held-out visited states. */
export interface MimicEvent {
  type: 'mimic';
  step: number;
  /** `online`: the tree tracking the training network; `final`: the Active Play tree of the saved network. */
  phase: 'online' | 'final';
  /** Rows the tree has learned so far. */
  samples: number;
  leaves: number;
  depth: number;
  heldOut: number;
  rmse: number;
  mae: number;
  /** Share of held-out states where tree and network pick the same greedy action. */
  agreement: number;
  /** max − min of the network's Q labels: the scale RMSE should be read against. */
  qRange: number;
}

/** Everything a run writes to metrics.jsonl. */
export type RunEvent = TrainEvent | MimicEvent;

/** Every `type` a run logs, for filters that take them by name (the API's `type=` parameter). */
export const RUN_EVENT_TYPES = ['episode', 'train', 'eval', 'mimic'] as const satisfies readonly RunEvent['type'][];

/** Events whose fields are fully determined by the seed (no wall-clock values). */
export function deterministicPart(event: RunEvent): Record<string, unknown> {
  if (event.type !== 'train') return { ...event };
  const { sps: _sps, ...rest } = event;
  return rest;
}
