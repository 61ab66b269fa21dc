/**
 * Error types users see. Each carries a plain-English message meant to be printed as one line
 * (the CLI prints `message` only; the server maps `status` to an HTTP code). Stack traces are for
 * developers and never reach a user.
 */

/** Base class: an expected, explainable failure (bad input, bad file), not a bug. */
export class QlensError extends Error {
  /** HTTP status the server should answer with when this error escapes a request. */
  readonly status: number = 400;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A configuration or option value is invalid. `field` names it as the user wrote it. */
export class ConfigError extends QlensError {
  /** For "Invalid <field>: <value> (allowed: …)" errors: the parts, so a caller can name the field otherwise. */
  invalid?: { value: string; allowed: string };

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }

  /** "Invalid <label>: <value> (allowed: <allowed>)", e.g. for a config field. */
  static invalidValue(field: string, value: string, allowed: string, label = field): ConfigError {
    const err = new ConfigError(field, `Invalid ${label}: ${value} (allowed: ${allowed})`);
    err.invalid = { value, allowed };
    return err;
  }

  /** The same invalid value, named as the user typed it: `--steps` for `totalTimesteps`. */
  as(flag: string): ConfigError {
    return this.invalid ? ConfigError.invalidValue(flag.replace(/^--/, ''), this.invalid.value, this.invalid.allowed, flag) : this;
  }
}

/** An environment was used against its contract (step before reset, invalid action, unknown id). */
export class EnvError extends QlensError {}

/** A file on disk is missing, corrupted, or of a different format or version. */
export class FileFormatError extends QlensError {
  constructor(
    readonly file: string,
    /** What is wrong with it, without the file's name. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Something asked for does not exist (a run id, a checkpoint). */
export class NotFoundError extends QlensError {
  override readonly status = 404;
}

/** A sample or state holds NaN/Infinity or has the wrong width. */
export class DataError extends QlensError {}

/**
 * JSON.parse's message on one line: it quotes the text it choked on as it is, and a file holding
 * "nope\n" broke the one-line error in two. Line breaks are shown as \n.
 */
export function jsonErrorText(err: unknown): string {
  return String((err as Error | null)?.message ?? err).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}
