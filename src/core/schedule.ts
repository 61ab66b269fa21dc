/**
 * CleanRL's `linear_schedule`: goes from `start` to `end` over `duration` steps, then stays at `end`.
 * Used for ε-greedy exploration (`explorationFraction` × total steps is the duration).
 */
export function linearSchedule(start: number, end: number, duration: number, step: number): number {
  if (duration <= 0) return end;
  const slope = (end - start) / duration;
  const value = start + slope * step;
  return start >= end ? Math.max(value, end) : Math.min(value, end);
}
