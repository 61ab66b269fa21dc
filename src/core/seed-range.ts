/**
 * The seeds qlens takes, everywhere (CLI flags, run settings, the server's routes, the dashboard's
 * replay): whole numbers from 0 to 2^31 − 1, what Gymnasium-style `reset({ seed })` and the Rng
 * streams accept. Dependency-free, so the dashboard checks a link's seed against the same limit.
 */
export const MAX_SEED = 2 ** 31 - 1;

export const isSeed = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_SEED;
