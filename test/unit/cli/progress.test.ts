import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainProgress } from '../../../src/cli/progress.ts';
import { finishingMessage, runProgress } from '../../../src/cli/run-progress.ts';
import type { TrainingRun } from '../../../src/runs/training-run.ts';

describe('TrainProgress (plain lines, as in a log file)', () => {
  const tty = process.stdout.isTTY;
  afterEach(() => {
    vi.restoreAllMocks();
    process.stdout.isTTY = tty;
  });

  function capture(): string[] {
    process.stdout.isTTY = false; // plain lines, whatever runs the tests
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    return lines;
  }

  it('goes on from a resumed run’s episodes and returns, and says when an evaluation stopped early', () => {
    const lines = capture();
    const p = new TrainProgress(1000, 500, true, { episodes: 40, returns: [10, 20, 30] }, 100);
    p.onEvent({ type: 'episode', step: 600, episode: 41, return: 40, length: 40, epsilon: 0.1 } as never);
    expect(lines.join('')).toMatch(/^step 600\/1000 {2}episodes 41 {2}return\(100\) 25\.0 {2}(-|\d+) steps\/s {2}ETA (-|\d+s)\n$/);
    p.onEvent({ type: 'eval', step: 700, episodes: 10, meanReturn: 183.3, stdReturn: 5, minReturn: 170, maxReturn: 190, solved: false });
    expect(lines.join('')).toContain(
      'eval at step 700: mean return 183.3 ± 5.0 over 10 episodes (stopped after 10 episodes: their mean was below the solve threshold, so the rest of the 100-episode check was skipped; not a candidate for the saved network)',
    );
    // The rule is explained once; a later evaluation cut short says so briefly (a log without a terminal repeated it every time).
    p.onEvent({ type: 'eval', step: 750, episodes: 10, meanReturn: 190.1, stdReturn: 4, minReturn: 180, maxReturn: 199, solved: false });
    expect(lines.join('')).toContain('eval at step 750: mean return 190.1 ± 4.0 over 10 episodes (stopped early, below the threshold)\n');
    p.onEvent({ type: 'eval', step: 800, episodes: 100, meanReturn: 500, stdReturn: 0, minReturn: 500, maxReturn: 500, solved: true });
    expect(lines.join('')).toContain('eval at step 800: mean return 500.0 ± 0.0 over 100 episodes (solved)\n');
  });

  it('gives each plain line an ETA, as the live bar has, from the rate measured since the first event', () => {
    const lines = capture();
    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const p = new TrainProgress(100_000, 0, true);
    p.onEvent({ type: 'episode', step: 20, episode: 1, return: 20, length: 20, epsilon: 1 } as never);
    expect(lines.at(-1)).toBe('step 20/100000  episodes 1  return(100) 20.0  - steps/s  ETA -\n'); // no rate yet: no ETA
    now += 10_000; // 10 s for 9,980 steps: 998 steps/s, 90,000 left
    p.onEvent({ type: 'episode', step: 10_000, episode: 2, return: 40, length: 40, epsilon: 1 } as never);
    expect(lines.at(-1)).toBe('step 10000/100000  episodes 2  return(100) 30.0  998 steps/s  ETA 1m30s\n');
    now += 80_000;
    p.onEvent({ type: 'episode', step: 100_000, episode: 3, return: 60, length: 60, epsilon: 1 } as never);
    expect(lines.at(-1)).toMatch(/^step 100000\/100000 .* steps\/s {2}ETA 0s\n$/);
  });

  it('an early-stopped evaluation states the trainer’s rule, with the env’s threshold, not that the threshold was out of reach', () => {
    const lines = capture();
    const run = { dir: '/nonexistent', trainer: { step: 0, episodes: 0 }, config: { env: 'CartPole-v1', totalTimesteps: 40000, evalEpisodes: 100 } } as unknown as TrainingRun;
    runProgress(run, true).onEvent({ type: 'eval', step: 32000, episodes: 10, meanReturn: 315.1, stdReturn: 13.6, minReturn: 290, maxReturn: 340, solved: false });
    expect(lines[0]).toBe(
      'eval at step 32000: mean return 315.1 ± 13.6 over 10 episodes (stopped after 10 episodes: their mean was below the solve threshold 475, so the rest of the 100-episode check was skipped; not a candidate for the saved network)\n',
    );
    expect(lines.join('')).not.toMatch(/out of reach/);
  });

  it('the dashboard’s return chart states the same rule for hollow (early-stopped) evaluations', async () => {
    // Just enough of a DOM for ChartPanel to build its card (the charts are drawn later, by Plotly).
    const node = (text = '') => ({ text, children: [] as unknown[], style: {}, className: '', setAttribute() {}, addEventListener() {}, appendChild(c: unknown) { this.children.push(c); } });
    vi.stubGlobal('document', { createElement: () => node(), createTextNode: (t: string) => node(t) });
    try {
      const { trainingCharts } = await import('../../../web/views/training-charts.ts');
      const { TrainingSeries } = await import('../../../web/views/training-series.ts');
      const detail = { config: { dqn: { evalFreq: 10000, evalEpisodes: 100 }, mimic: null }, env: { rewardThreshold: 475 } };
      const [returns] = trainingCharts(detail as never, new TrainingSeries(100) as never, () => false);
      const options = (returns as unknown as { options: { subtitle: string; traces: { series: string; style: { name: string } }[] } }).options;
      expect(options.subtitle).toContain('hollow: stopped after 10 episodes because their mean was below the solve threshold, so the rest of the 100-episode check was skipped');
      expect(options.subtitle).not.toMatch(/out of reach/);
      expect(options.traces.find((t) => t.series === 'evalsEarly')!.style.name).toBe('greedy eval (stopped after 10: mean below threshold)');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('runProgress (both training loops) continues a resumed run from its restored trainer; a new run starts at zero', () => {
    // The trainer's recent returns come back from the checkpoint with it.
    const run = (step: number, episodes: number) => ({ trainer: { step, episodes, recentReturns: step > 0 ? [10, 20, 30] : [] }, config: { totalTimesteps: 1000, evalEpisodes: 100 } }) as unknown as TrainingRun;
    const lines = capture();
    runProgress(run(500, 3), true).onEvent({ type: 'episode', step: 600, episode: 4, return: 40, length: 40, epsilon: 0.1 } as never);
    expect(lines.join('')).toMatch(/^step 600\/1000 {2}episodes 4 {2}return\(100\) 25\.0 /);
    lines.length = 0;
    runProgress(run(0, 0), true).onEvent({ type: 'episode', step: 40, episode: 1, return: 40, length: 40, epsilon: 1 } as never);
    expect(lines.join('')).toMatch(/^step 40\/1000 {2}episodes 1 {2}return\(100\) 40\.0 /);
    expect(finishingMessage('interrupted')).toContain('the run stays resumable');
    expect(finishingMessage('completed')).toBe('growing the final tree for the saved network and measuring its fidelity…');
  });
});
