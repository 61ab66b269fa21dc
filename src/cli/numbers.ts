/** Numeric flags with the field named in the error, like the config validator's messages. */
import { ConfigError } from '../core/errors.ts';

export function positiveInt(field: string, raw: string, max: number, min = 1): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(field, `Invalid --${field}: ${JSON.stringify(raw)} (allowed: an integer in [${min}, ${max}])`);
  }
  return v;
}

/** A probability flag (`--epsilon 0.05`). */
export function probability(field: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !(v >= 0 && v <= 1)) throw new ConfigError(field, `Invalid --${field}: ${JSON.stringify(raw)} (allowed: a number in [0, 1])`);
  return v;
}

/** `--checkpoint`: `last` or a step (which steps the run kept is checked against its checkpoints). */
export function checkpointArg(raw: string): number | 'last' {
  if (raw.trim() === 'last') return 'last';
  const step = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(step) || step < 0) throw new ConfigError('checkpoint', `Invalid --checkpoint: ${JSON.stringify(raw)} (allowed: last, or the step of a checkpoint the run kept)`);
  return step;
}
