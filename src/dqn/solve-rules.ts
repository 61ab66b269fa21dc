/**
 * The numbers behind "solved", in a module that imports nothing so the dashboard's bundle can say
 * exactly what the trainer and `qlens eval` do.
 */

/** Gymnasium calls an env solved when the mean return over this many consecutive episodes reaches its threshold. */
export const SOLVE_EPISODES = 100;

/**
 * The trainer gives up on a longer greedy evaluation after this many episodes when their mean is
 * below the solve threshold (evaluate.ts `giveUpBelow`): the dashboard draws such evaluations hollow.
 */
export const GIVE_UP_AFTER_EPISODES = 10;
