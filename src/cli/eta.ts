/**
 * The time left of a training run, for the plain progress lines written when stdout is no terminal
 * (a pipe, a log file, CI): the live bar has its ETA, and a log read while a long run trains needs
 * it as much. Worded by cli-progress's own time format, as the bar's `{eta_formatted}` is (`45s`,
 * `3m25s`, `1h5m`, rounded to 5 s past ten seconds), so the two displays read alike.
 */
import cliProgress from 'cli-progress';

/** `remainingSteps` at `stepsPerSecond`; `-` while the rate is not yet measured (as the steps/s beside it). */
export function etaText(remainingSteps: number, stepsPerSecond: number): string {
  if (!(stepsPerSecond > 0)) return '-';
  const seconds = Math.ceil(Math.max(0, remainingSteps) / stepsPerSecond);
  // autopaddingChar '' is the bar's (cli-progress pads only with autopadding on, which the bar leaves off).
  return cliProgress.Format.TimeFormat(seconds, { autopaddingChar: '' }, 5);
}
