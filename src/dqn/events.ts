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
  solved: boolean;
}

export type TrainEvent = EpisodeEvent | TrainLogEvent | EvalEvent;

/** Events whose fields are fully determined by the seed (no wall-clock values). */
export function deterministicPart(event: TrainEvent): Record<string, unknown> {
  if (event.type !== 'train') return { ...event };
  const { sps: _sps, ...rest } = event;
  return rest;
}
