/**
 * The longest episode one replay may play (the server's rollout route, `qlens record`, the
 * dashboard's Max steps field): a CartPole episode is at most 500 steps. Dependency-free, so the
 * dashboard checks a link's max steps against the same limit.
 */
export const MAX_ROLLOUT_STEPS = 5000;
