/**
 * Training progress on the terminal: a live bar (steps, episodes, mean return, steps/s, ETA) when
 * stdout is a terminal, otherwise a plain line every 10 % with the same figures so logs stay
 * readable. The online tree's size and agreement join them from its first fidelity check (`mimic`
 * events, every fidelityFreq steps): the progress display has no other view of the tree.
 */
import cliProgress from 'cli-progress';
import type { MimicEvent, RunEvent } from '../dqn/events.ts';
import { leafCount } from '../explain/format.ts';
import { etaText } from './eta.ts';

export class TrainProgress {
  private multi: cliProgress.MultiBar | null = null;
  private bar: cliProgress.SingleBar | null = null;
  private lastPrinted = -1;
  private episodes = 0;
  private meanReturn: number | null = null;
  private sps = 0;
  private readonly returns: number[] = [];
  private fidelity = '';
  /** The tree grown for the saved network when training ended (the `final` mimic event), for the closing lines. */
  finalTree: MimicEvent | null = null;
  /** The trainer's early-stop rule is explained once; later evaluations it cut short just say so. */
  private earlyRuleShown = false;

  /**
   * Where the rate is measured from: the first event of this process, so the seconds before it
   * (loading the backend, compiling the kernel, a resumed run's checkpoint) do not count as training.
   */
  private rateFrom: { step: number; time: number } | null = null;

  /**
   * `history`: a resumed run's episodes so far and its last returns (up to 100), so the counters go
   * on from the run rather than from zero. `evalEpisodes`: a full evaluation's episode count, to say
   * when one stopped early; `threshold`: the env's solve threshold, named when one did.
   */
  constructor(
    private readonly total: number,
    start: number,
    private readonly enabled: boolean,
    history: { episodes: number; returns: number[] } = { episodes: 0, returns: [] },
    private readonly evalEpisodes = 0,
    private readonly threshold?: number,
  ) {
    this.episodes = history.episodes;
    this.returns.push(...history.returns.slice(-100));
    if (this.returns.length) this.meanReturn = this.returns.reduce((a, b) => a + b, 0) / this.returns.length;
    if (enabled && process.stdout.isTTY) {
      // A MultiBar with one bar, because only MultiBar can print log lines above a live bar.
      this.multi = new cliProgress.MultiBar(
        {
          format: ' {bar} {percentage}% | {value}/{total} steps | ep {episodes} | return(100) {ret} | {sps} steps/s | ETA {eta_formatted} {fidelity}',
          hideCursor: true,
          etaBuffer: 50,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar = this.multi.create(total, start, { episodes: this.episodes, ret: this.meanReturn === null ? '-' : this.meanReturn.toFixed(1), sps: '-', fidelity: '' });
    }
  }

  onEvent(event: RunEvent): void {
    const e = event;
    if (e.type === 'episode') {
      this.episodes = e.episode;
      this.returns.push(e.return);
      if (this.returns.length > 100) this.returns.shift();
      this.meanReturn = this.returns.reduce((a, b) => a + b, 0) / this.returns.length;
    } else if (e.type === 'mimic') {
      this.fidelity = `tree ${leafCount(e.leaves)}, agreement ${(100 * e.agreement).toFixed(1)}%`;
      if (e.phase === 'final') this.finalTree = e;
    } else if (e.type === 'eval') {
      // The trainer's rule (evaluatePolicy's giveUpBelow): stop when the first episodes average below
      // the threshold. The rest could still have lifted the mean; they are skipped to save time.
      const threshold = this.threshold === undefined ? 'the solve threshold' : `the solve threshold ${this.threshold}`;
      const cut = this.evalEpisodes > e.episodes;
      const early = !cut
        ? ''
        : this.earlyRuleShown
          ? ` (stopped early, below the threshold)`
          : ` (stopped after ${e.episodes} episodes: their mean was below ${threshold}, so the rest of the ${this.evalEpisodes}-episode check was skipped; not a candidate for the saved network)`;
      if (cut) this.earlyRuleShown = true;
      this.log(`eval at step ${e.step}: mean return ${e.meanReturn.toFixed(1)} ± ${e.stdReturn.toFixed(1)} over ${e.episodes} episodes${e.solved ? ' (solved)' : ''}${early}`);
    }
    this.update(e.step);
  }

  private update(step: number): void {
    const ret = this.meanReturn === null ? '-' : this.meanReturn.toFixed(1);
    this.measureRate(step);
    if (this.bar) {
      this.bar.update(step, { episodes: this.episodes, ret, sps: this.sps > 0 ? Math.round(this.sps) : '-', fidelity: this.fidelity ? `| ${this.fidelity}` : '' });
      return;
    }
    if (!this.enabled) return;
    const decile = Math.floor((10 * step) / this.total);
    if (decile > this.lastPrinted) {
      this.lastPrinted = decile;
      const tree = this.fidelity ? `  ${this.fidelity}` : '';
      // The bar's ETA too: a log of a long run is read to learn when it will end.
      process.stdout.write(`step ${step}/${this.total}  episodes ${this.episodes}  return(100) ${ret}  ${this.sps > 0 ? Math.round(this.sps) : '-'} steps/s  ETA ${etaText(this.total - step, this.sps)}${tree}\n`);
    }
  }

  /**
   * Environment steps per wall-clock second (learning or not) since the first event. A plain line
   * shows it from the second line on, as soon as one interval is measured; the live bar, redrawn
   * many times a second, waits for 0.2 s so its first figures are not a few steps' noise.
   */
  private measureRate(step: number): void {
    const now = performance.now();
    if (!this.rateFrom) {
      this.rateFrom = { step, time: now };
      return;
    }
    const seconds = (now - this.rateFrom.time) / 1000;
    if (step > this.rateFrom.step && seconds > (this.bar ? 0.2 : 0)) this.sps = (step - this.rateFrom.step) / seconds;
  }

  log(line: string): void {
    if (!this.enabled) return;
    if (this.multi) this.multi.log(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  }

  stop(): void {
    this.multi?.stop();
  }
}
