/**
 * Episode replay: the run's network (or its tree) plays one seeded episode greedily
 * (`POST /api/runs/:id/rollout`) and the view plays it back: the environment drawn frame by frame
 * on a canvas, a scrubber with play/pause, the step panel, and every action's Q along the episode
 * with the current step marked. When the run has a tree, its Q and the steps where it would act
 * differently come from the tree extension (replay-tree.ts). Keys: space plays/pauses, ←/→ step.
 *
 * The step on screen is kept in the URL (`…/replay?seed=3&step=37`, replacing the history entry, a
 * few times a second at most), so Back from "Inspect this state" and a shared link open the
 * episode at that step, paused; a link without a step plays the episode from the start.
 */
import { ENV_NOT_LOADED, type RolloutPolicy, type RolloutResponse } from '../../src/server/dto.ts';
import { type ApiFailure, postJson, runPath } from '../api.ts';
import { h, notice, replace } from '../dom.ts';
import { plotly } from '../plotly.ts';
import { downloadBlob, downloadName } from '../download.ts';
import { episodeGif, GifCancelled } from '../episode-gif.ts';
import { drawFrame } from '../frame-canvas.ts';
import { isSeed, MAX_SEED } from '../../src/core/seed-range.ts';
import { MAX_ROLLOUT_STEPS } from '../../src/core/rollout-steps.ts';
import { fmtInt, fmtNetworkName, fmtPercent, fmtReturn } from '../format.ts';
import { type Route, replaceHash } from '../router.ts';
import { decodeStep, isWholeNumberText, replayHref, replayStart } from '../state-link.ts';
import { replayExtensionsFor } from './replay-extensions.ts';
import { ReplayQChart } from './replay-q-chart.ts';
import { stepPanel } from './replay-step.ts';
import { mountRunShell } from './run-shell.ts';
import { linkNote, quotedLinkValue } from '../link-note.ts';

/** The step in the URL is rewritten at most this often while playing or scrubbing (browsers rate-limit `replaceState`). */
const URL_EVERY_MS = 500;

const SPEEDS = [
  { label: '10 steps/s', perSecond: 10 },
  { label: '30 steps/s', perSecond: 30 },
  { label: '60 steps/s', perSecond: 60 },
];

const MAX_STEPS_RANGE = `a whole number from 1 to ${fmtInt(MAX_ROLLOUT_STEPS)}`;
const isMaxSteps = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_ROLLOUT_STEPS;

/** The seeds an episode can be played with (the rollout route's range), in words. */
const SEED_RANGE = `a whole number from 0 to ${fmtInt(MAX_SEED)}`;

export function replayView(root: HTMLElement, route: Route): () => void {
  const id = route.segments[1]!;
  const initialSeed = Number(route.query.get('seed') ?? 0);
  /** A link's seed that is no seed, said once (seed 0 plays instead), like a bad step. */
  let badLinkSeed = isSeed(initialSeed) ? null : route.query.get('seed');
  /** The link's step, for the first episode only: a new one (Play episode) starts at 0 and plays. */
  let linkedStep = decodeStep(route.query.get('step'));
  let closed = false;
  let timer: number | undefined;
  let chart: ReplayQChart | undefined;
  let onKey: ((e: KeyboardEvent) => void) | undefined;
  /** Writes the step on screen into the URL now (pending throttled write), before a click navigates away. */
  let flushUrl: (() => void) | undefined;
  let urlTimer: number | undefined;
  const onClick = () => flushUrl?.();
  // Capture: runs before a link's default navigation pushes the next history entry.
  document.addEventListener('click', onClick, true);

  void plotly().catch(() => undefined); // start evaluating Plotly while the data loads
  void (async () => {
    const mounted = await mountRunShell(root, id, 'replay');
    if (!mounted || closed) return;
    const { shell, detail } = mounted;
    const seedInput = h('input', { attrs: { type: 'number', min: 0, max: MAX_SEED, step: 1, value: isSeed(initialSeed) ? initialSeed : 0, id: 'seed' } });
    const envMaxSteps = detail.env.maxEpisodeSteps ?? 1000;
    const linkedMaxSteps = route.query.get('maxSteps');
    // Digits only, as the step and node links: Number() would take 1e3, 0x64 and ' 40'.
    let badLinkMaxSteps = linkedMaxSteps !== null && !(isWholeNumberText(linkedMaxSteps) && isMaxSteps(Number(linkedMaxSteps))) ? linkedMaxSteps : null;
    const maxSteps = linkedMaxSteps !== null && badLinkMaxSteps === null ? Number(linkedMaxSteps) : envMaxSteps;
    const stepsInput = h('input', { attrs: { type: 'number', min: 1, max: MAX_ROLLOUT_STEPS, step: 1, value: maxSteps, id: 'max-steps' } });
    const playButton = h('button', { class: 'button primary', attrs: { type: 'submit' } }, 'Play episode');
    const hasTree = detail.run.hasTree;
    const policySelect = h(
      'select',
      { attrs: { id: 'policy', disabled: !hasTree }, title: hasTree ? 'Who chooses the actions; the other is only asked, for comparison' : 'This run has no tree: only the network can act' },
      h('option', { attrs: { value: 'network' } }, 'the network'),
      h('option', { attrs: { value: 'tree', selected: hasTree && route.query.get('policy') === 'tree' } }, 'the tree (LMUT)'),
    );
    const form = h(
      'form',
      { class: 'card toolbar' },
      h('label', { attrs: { for: 'seed' } }, 'Seed ', seedInput),
      h('label', { attrs: { for: 'max-steps' } }, 'Max steps ', stepsInput),
      h('label', { attrs: { for: 'policy' } }, 'Acting ', policySelect),
      playButton,
      h('span', { class: 'muted small' }, 'The chosen policy acts greedily (ε = 0); the same seed replays the same episode.'),
    );
    const result = h('div');
    /** What was wrong with the link's step, until the next episode. */
    const linkNotes = h('div');
    replace(shell.body, form, linkNotes, result);

    const play = async () => {
      const seed = Number(seedInput.value);
      const steps = Number(stepsInput.value);
      if (!isSeed(seed) || !isMaxSteps(steps)) {
        replace(result, notice('error', 'Check the inputs.', `The seed must be ${SEED_RANGE}, and max steps ${MAX_STEPS_RANGE}.`));
        return;
      }
      const policy = policySelect.value as RolloutPolicy;
      const linked = linkedStep;
      linkedStep = { kind: 'none' };
      replace(linkNotes);
      if (badLinkSeed !== null) {
        linkNotes.append(linkNote(`The link’s seed ${quotedLinkValue(badLinkSeed)} is not ${SEED_RANGE}, so seed 0 plays.`));
        badLinkSeed = null;
      }
      if (badLinkMaxSteps !== null) {
        linkNotes.append(linkNote(`The link’s max steps ${quotedLinkValue(badLinkMaxSteps)} is not ${MAX_STEPS_RANGE}, so the environment’s ${fmtInt(envMaxSteps)} apply.`));
        badLinkMaxSteps = null;
      }
      /** In links only when it differs from the env's limit, so ordinary links stay short. */
      const linkMaxSteps = steps === envMaxSteps ? undefined : steps;
      // The last episode's pending step must not land in the new episode's URL.
      window.clearTimeout(urlTimer);
      flushUrl = undefined;
      // The link's step stays in the URL until the episode shows it.
      replaceHash(replayHref(id, { seed, policy, step: linked.kind === 'step' ? linked.step : undefined, maxSteps: linkMaxSteps }));
      stop();
      chart?.destroy();
      playButton.disabled = true;
      replace(result, notice('loading', policy === 'tree' ? 'The tree is playing an episode…' : 'The network is playing an episode…'));
      try {
        const rollout = await postJson<RolloutResponse>(runPath(id, '/rollout'), { seed, maxSteps: steps, policy });
        if (!closed) showRollout(rollout, policy, linked, linkMaxSteps);
      } catch (err) {
        const failure = err as ApiFailure;
        const title =
          failure.error === ENV_NOT_LOADED ? 'This run’s environment is not loaded.' : failure.status === 409 ? 'This run has no saved network yet.' : 'The episode could not be played.';
        replace(result, notice('error', title, failure.message));
      } finally {
        playButton.disabled = false;
      }
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void play();
    });

    function stop() {
      window.clearInterval(timer);
      timer = undefined;
    }

    function showRollout(rollout: RolloutResponse, policy: RolloutPolicy, linked: ReturnType<typeof decodeStep>, maxSteps: number | undefined) {
      const last = rollout.steps.length; // index `last` shows the final state
      if (onKey) document.removeEventListener('keydown', onKey);
      const extensions = replayExtensionsFor(rollout);
      // A user's env without render() sends empty frames (envs/user-env.ts NO_FRAME): say so instead of a blank box.
      const draws = rollout.final.frame.width > 0;
      const canvas = h('canvas', { class: 'frame', attrs: { 'aria-label': `${rollout.env.id} rendered at the current step` } });
      const scrubber = h('input', { class: 'scrubber', attrs: { type: 'range', min: 0, max: last, step: 1, value: 0, 'aria-label': 'Step of the episode' } });
      const position = h('span', { class: 'position num' });
      const toggle = h('button', { class: 'button', attrs: { type: 'button', 'aria-label': 'Play or pause' } });
      const back = h('button', { class: 'button', attrs: { type: 'button', 'aria-label': 'Previous step' } }, '◀');
      const forward = h('button', { class: 'button', attrs: { type: 'button', 'aria-label': 'Next step' } }, '▶');
      const speed = h('select', { attrs: { 'aria-label': 'Playback speed' } }, ...SPEEDS.map((s, i) => h('option', { attrs: { value: i, selected: i === 1 } }, s.label)));
      const panel = h('section', { class: 'card step-panel', attrs: { 'aria-live': 'off' } });
      const chartEl = h('div', { class: 'plot', attrs: { 'data-chart': 'replay-q' } });
      chartEl.style.height = '280px';
      const outcome = rollout.capped ? `stopped at the ${fmtInt(last)}-step cap` : rollout.steps[last - 1]?.truncated ? 'truncated by the time limit' : 'terminated';
      const gifButton = draws ? gifDownloadButton(rollout, policy, () => SPEEDS[Number(speed.value)]!.perSecond) : null;
      replace(
        result,
        h('p', { class: 'summary-line' }, h('strong', null, `Return ${fmtReturn(rollout.totalReward)}`), ` over ${fmtInt(last)} steps, ${outcome} · seed ${rollout.seed} · ${actor(rollout)}`, gifButton ? ' ' : null, gifButton),
        h(
          'div',
          { class: 'replay-grid' },
          h('section', { class: 'card stage' }, draws ? canvas : h('p', { class: 'muted no-frame' }, `${rollout.env.id} draws no frames (its module has no render()): the step's values are beside.`), h('div', { class: 'transport' }, back, toggle, forward, scrubber, position, speed)),
          panel,
        ),
        h('section', { class: 'card chart-card' }, h('h2', null, 'Q-values along the episode'), h('p', { class: 'muted small' }, chartHelp(rollout)), chartEl),
      );

      let index = 0;
      // The step on screen, in the URL: at once after a pause or a quiet spell, else at most every URL_EVERY_MS.
      let urlStep: number | null = null;
      let urlWrittenAt = -Infinity;
      const writeUrl = () => {
        window.clearTimeout(urlTimer);
        urlTimer = undefined;
        if (closed || urlStep === index) return;
        replaceHash(replayHref(id, { seed: rollout.seed, policy, step: index, maxSteps }));
        urlStep = index;
        urlWrittenAt = performance.now();
      };
      const syncUrl = () => {
        window.clearTimeout(urlTimer);
        const wait = urlWrittenAt + URL_EVERY_MS - performance.now();
        if (wait <= 0) writeUrl();
        else urlTimer = window.setTimeout(writeUrl, wait);
      };
      flushUrl = () => urlTimer !== undefined && writeUrl();
      const show = (i: number) => {
        index = Math.max(0, Math.min(last, i));
        scrubber.value = String(index);
        position.textContent = `${fmtInt(index)} / ${fmtInt(last)}`;
        if (draws) drawFrame(canvas, index < last ? rollout.steps[index]!.frame : rollout.final.frame);
        replace(panel, ...stepPanel(rollout, index, extensions));
        chart?.setCursor(Math.min(index, last - 1));
        syncUrl();
      };
      const setPlaying = (on: boolean) => {
        stop();
        toggle.textContent = on ? '❚❚ Pause' : '▶ Play';
        if (!on) {
          flushUrl?.();
          return;
        }
        if (index >= last) show(0);
        timer = window.setInterval(() => {
          if (index >= last) return setPlaying(false);
          show(index + 1);
        }, 1000 / SPEEDS[Number(speed.value)]!.perSecond);
      };
      scrubber.addEventListener('input', () => {
        setPlaying(false);
        show(Number(scrubber.value));
      });
      toggle.addEventListener('click', () => setPlaying(timer === undefined));
      back.addEventListener('click', () => (setPlaying(false), show(index - 1)));
      forward.addEventListener('click', () => (setPlaying(false), show(index + 1)));
      speed.addEventListener('change', () => timer !== undefined && setPlaying(true));
      const playbackButtons = [toggle, back, forward];
      onKey = (e: KeyboardEvent) => {
        // ← → and Space work anywhere but where typing or choosing needs them; on a button, Space
        // presses it, unless it is one of the playback buttons (where it plays or pauses).
        const target = e.target as HTMLElement;
        if (target.closest('input, select, textarea')) return;
        const button = target.closest('button');
        if (e.key === ' ' && button && !playbackButtons.includes(button as HTMLButtonElement)) return;
        if (e.key === ' ') setPlaying(timer === undefined);
        else if (e.key === 'ArrowLeft') (setPlaying(false), show(index - 1));
        else if (e.key === 'ArrowRight') (setPlaying(false), show(index + 1));
        else return;
        e.preventDefault();
      };
      document.addEventListener('keydown', onKey);
      chart = new ReplayQChart(chartEl, (step) => (setPlaying(false), show(step)));
      if (last > 0) void chart.draw(rollout, extensions);
      const start = replayStart(linked, last);
      if (start?.problem) linkNotes.append(badStepNote(linked, start.index, last));
      show(start?.index ?? 0);
      setPlaying(!start);
    }

    void play();
  })();

  /** A link whose step is not a step of this episode says so, instead of quietly showing another. */
  function badStepNote(linked: ReturnType<typeof decodeStep>, index: number, last: number): HTMLElement {
    const text = linked.kind === 'bad' ? `${quotedLinkValue(linked.text)} is not a whole number ≥ 0, so the episode opens at its start` : linked.kind === 'step' ? `${fmtInt(linked.step)} is past the end of this ${fmtInt(last)}-step episode, so it opens at the end (step ${fmtInt(index)})` : '';
    return linkNote(`The link’s step ${text}, paused.`);
  }

  /** Saves the episode as a GIF at the playback speed chosen (the caption names each step's actions). */
  function gifDownloadButton(rollout: RolloutResponse, policy: RolloutPolicy, perSecond: () => number): HTMLButtonElement {
    const label = '⤓ GIF';
    const button = h('button', { class: 'button download-gif', attrs: { type: 'button', 'data-download-gif': '' }, title: 'Every frame of this episode as an animated GIF, at the playback speed chosen, each step’s action in a caption' }, label) as HTMLButtonElement;
    button.addEventListener('click', () => {
      button.disabled = true;
      const onProgress = (done: number, total: number) => {
        const text = `Making GIF… ${Math.round((100 * done) / total)} %`;
        // Progress comes every frame; rewriting the same text would still make the page lay out again.
        if (button.textContent !== text) button.textContent = text;
        return !closed;
      };
      episodeGif(rollout, { perSecond: perSecond(), onProgress }).then(
        ({ bytes, encodedIn }) => {
          // Where the last GIF was encoded ("worker", or "page" in the fallback): the e2e tests check the worker did it.
          button.dataset.gifEncodedIn = encodedIn;
          downloadBlob(downloadName(id, `seed${rollout.seed}-${policy}`, 'gif'), new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/gif' }));
        },
        (err) => {
          if (!(err instanceof GifCancelled)) button.after(h('span', { class: 'small warn' }, ` The GIF could not be made: ${(err as Error).message}`));
        },
      ).finally(() => {
        button.disabled = false;
        button.textContent = label;
      });
    });
    return button;
  }

  /** Who played, and how the tree did beside the network. */
  function actor(r: RolloutResponse): string {
    const net = `network: ${fmtNetworkName(r.weights)}`;
    if (!r.tree) return net;
    // No disagreement, no marks to point at: "(0 marked in red)" sent eyes looking for none.
    const marks = r.tree.disagreements > 0 ? ` (${fmtInt(r.tree.disagreements)} marked in red on the chart)` : '';
    const agreement = `tree and network agreed on ${fmtPercent(r.tree.agreement)} of steps${marks}`;
    return r.policy === 'tree' ? `the tree acted (${fmtInt(r.tree.leaves)} leaves; ${net}) · ${agreement}` : `${net} · ${agreement}`;
  }

  function chartHelp(r: RolloutResponse): string {
    const base = 'Each line is one action; the greedy action is the highest. Click the chart to jump to a step.';
    return r.tree ? `Solid: the network’s Q; dashed: the tree’s (same colour per action); red ticks along the bottom mark steps where they pick different actions. ${base}` : base;
  }

  return () => {
    closed = true;
    window.clearInterval(timer);
    // The URL is already the next view's: a pending step write must not overwrite it.
    window.clearTimeout(urlTimer);
    document.removeEventListener('click', onClick, true);
    if (onKey) document.removeEventListener('keydown', onKey);
    chart?.destroy();
  };
}
