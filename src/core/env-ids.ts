/**
 * The error for an env id nothing registers (`--env`, a preset's `env`), with the id the user most likely meant, as
 * `--set bufferSise` gets `bufferSize` and Gymnasium's `make` suggests a close id: a typo
 * (`CartPol-v1`), another capitalisation (`cartpole-v1`) or a missing or wrong version
 * (`Acrobot`, `CartPole-v0`) otherwise left the user to spot the difference in the list.
 */
import { closestKey, guessThenAllowed } from './config.ts';
import { ConfigError } from './errors.ts';

/** What an env id may be: a registered one, or a module of the user's. */
export const envIdsAllowed = (known: readonly string[]) => `one of ${known.join(', ')}, or your own module file as ./my-env.js:MyEnv-v0`;

/**
 * `Invalid --<field>: "<value>" (did you mean <id>? allowed: <allowed>)`, the guess left out when
 * none is close; `label` names the field otherwise (a preset's `env`). Here, in core, so that
 * resolveDqnConfig, which must not import envs/, guesses as `--env` does.
 */
export function unknownEnvError(field: string, value: string, known: readonly string[], allowed = envIdsAllowed(known), label = `--${field}`): ConfigError {
  const guess = closestEnvId(value, known);
  const err = new ConfigError(field, `Invalid ${label}: ${JSON.stringify(value)} ${guessThenAllowed(guess, allowed)}`);
  err.invalid = { value: JSON.stringify(value), allowed };
  return err;
}

/** The known id `value` most likely means: the same name at another version, else one or two typos away (closestKey). */
export function closestEnvId(value: string, known: readonly string[]): string | null {
  // Versions differ by one character but mean a different env; a bare name means its only version.
  const name = baseName(value);
  const sameName = known.filter((id) => baseName(id) === name);
  if (sameName.length > 0) return sameName.reduce((a, b) => (version(b) > version(a) ? b : a)); // the latest, as Gymnasium suggests
  return closestKey(value, known);
}

function version(id: string): number {
  return Number(/-v(\d+)$/i.exec(id)?.[1] ?? -1);
}

/** `CartPole-v1` → `cartpole`: the id without its `-v<N>` and folded as closestKey compares names. */
function baseName(id: string): string {
  return id.replace(/-v\d+$/i, '').replace(/[_-]/g, '').toLowerCase();
}
