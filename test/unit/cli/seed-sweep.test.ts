import { describe, expect, it } from 'vitest';
import { parseSeeds, sweepSummary } from '../../../src/cli/seed-sweep.ts';

describe('parseSeeds', () => {
  it('reads lists and ranges in the order given', () => {
    expect(parseSeeds('1,2,3')).toEqual([1, 2, 3]);
    expect(parseSeeds('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('0-2, 7')).toEqual([0, 1, 2, 7]);
    expect(parseSeeds('4')).toEqual([4]);
  });

  it('refuses repeats, reversed or huge ranges and anything else, naming --seeds and the allowed forms', () => {
    for (const bad of ['1,1', '3-1', 'x', '', '1,,2', '-1', '1.5', '0-100', '1-3,2', '2147483648', '1,9999999999']) {
      expect(() => parseSeeds(bad)).toThrow(`Invalid --seeds: ${JSON.stringify(bad)} (allowed: a list such as 1,2,3 or a range such as 1-5`);
    }
    expect(parseSeeds('0-99')).toHaveLength(100);
    expect(parseSeeds('2147483647')).toEqual([2 ** 31 - 1]); // the largest seed a run takes
  });
});

describe('sweepSummary', () => {
  const outcome = (seed: number, best: number | null, solvedAt: number | null, agreement: number | null, return100: number | null = 480.25) => ({
    reason: solvedAt === null ? 'completed' : 'solved',
    step: 5000,
    episodes: 10,
    wallSeconds: 2.25,
    solvedAtStep: solvedAt,
    dir: `/tmp/runs/Env-v0__cleanrl__${seed}__1`,
    savedNetwork: null,
    bestEvalMean: best,
    meanReturn100: return100,
    tree: agreement === null ? null : { leaves: 10, heldOutStates: 100, agreement, rmse: 0.1 },
  });

  it('tabulates every seed, gives mean ± sample sd of the best evaluations and the Compare link', () => {
    const text = sweepSummary([outcome(1, 500, 4000, 0.98), outcome(2, 400, null, null), outcome(3, 450, 5000, 0.9)] as never, [1, 2, 3], 'runs');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^seed +outcome +steps +solved at +return\(100\) +best eval +tree agreement +wall s +run$/);
    expect(lines[2]).toMatch(/^ +1 +solved +5000 +4000 +480\.3 +500 +98\.0 % +2\.3 +Env-v0__cleanrl__1__1$/);
    expect(lines[3]).toMatch(/^ +2 +completed +5000 +- +480\.3 +400 +- +2\.3 +Env-v0__cleanrl__2__1$/);
    expect(text).toContain('best eval over 3 of 3 seeds: 450 ± 50 (min 400, max 500)');
    expect(text).toContain('solved: 2 of 3');
    expect(text).toContain('side by side: qlens serve --runs runs, then open #/compare?runs=Env-v0__cleanrl__1__1,Env-v0__cleanrl__2__1,Env-v0__cleanrl__3__1');
  });

  it('shows the mean return of the last 100 training episodes, the only return of runs too short to evaluate', () => {
    const text = sweepSummary([outcome(1, null, null, null, -252.31), outcome(2, null, null, null, -300), outcome(3, null, null, null, null)] as never, [1, 2, 3], 'runs');
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^ +1 +completed +5000 +- +-252\.3 +- +- +2\.3 +Env-v0__cleanrl__1__1$/);
    expect(lines[4]).toMatch(/^ +3 +completed +5000 +- +- +- +- +2\.3 +Env-v0__cleanrl__3__1$/); // not one episode finished
    expect(text).toContain("return(100): mean return of the last 100 training episodes (SB3's rollout/ep_rew_mean)");
    expect(text).toContain("tree agreement: held-out greedy states where the final tree picks the network's action");
    // The same digits as the table's rows: -252.3 there, -252.3 as the max here.
    expect(text).toContain('return(100) over 2 of 3 seeds: -276.2 ± 33.72 (min -300, max -252.3)');
    expect(text).not.toContain('best eval over');
    // The legend and the spread fit a 100-column terminal; the table is as wide as its run names need.
    const table = text.split('\n\n')[0]!.split('\n');
    for (const line of table.slice(-3)) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(table[0]!.length).toBeLessThanOrEqual(100);
  });

  it('names the seeds a stop left unstarted, and links runs by their dashboard ids', () => {
    const text = sweepSummary([{ ...outcome(1, null, null, null), reason: 'interrupted', dir: '/tmp/runs/Env-v0__my preset__1__1' }, outcome(2, null, null, null)] as never, [1, 2, 3, 4], 'runs');
    expect(text).toContain('not started: seeds 3, 4');
    expect(text).toContain('#/compare?runs=Env-v0__my_preset__1__1,Env-v0__cleanrl__2__1');
  });

  it('says how many seeds had an evaluation, and points to the runs list beyond 8 runs', () => {
    const many = Array.from({ length: 9 }, (_, i) => outcome(i, i === 0 ? 100 : null, null, null));
    const text = sweepSummary(many as never, many.map((_, i) => i), 'runs');
    expect(text).toContain('best eval over 1 of 9 seeds: 100 ± 0 (min 100, max 100)');
    expect(text).toContain('tick up to 8 of them in the dashboard’s runs list');
  });
});
