/**
 * The "this step" panel of the replay: the action the network chose and why (its Q of every action
 * as bars, the greedy one marked), the reward, the return up to and with it, and the observation the network
 * saw. The env's internal state is folded away: it matters for "what if" questions, not for reading.
 */
import type { RolloutResponse } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { argmax, fmtMargin, runnerUp } from '../argmax.ts';
import { fmtColumn, fmtInt, fmtNum, fmtQs, fmtReturn, humanize } from '../format.ts';
import { actionColor } from '../plotly.ts';
import type { ReplayExtension } from './replay-extensions.ts';

/**
 * One bar per action. Only the differences between actions decide, and Q-values are often close
 * (−7.457 vs −7.421), so bars start at the lowest action's Q: their lengths show the margins.
 */
function qBars(q: number[], names: string[], chosen: number | null): HTMLElement {
  const bars = qBarList(q, names, chosen);
  if (q.length < 2) return bars;
  // The margin in its own line: at four digits, near-tied Q-values (58.62 vs 58.60) hide how close the call was.
  const best = argmax(q);
  return h('div', null, bars, h('p', { class: 'muted small qbar-margin' }, `${humanize(names[best]!)} beats ${humanize(names[runnerUp(q, best)]!)} by ${fmtMargin(q, best)}.`));
}

function qBarList(q: number[], names: string[], chosen: number | null): HTMLElement {
  const lo = Math.min(...q);
  const span = Math.max(...q) - lo;
  const labels = fmtQs(q);
  return h(
    'div',
    { class: 'qbars', attrs: { role: 'list', 'aria-label': 'Q-values of each action' } },
    ...q.flatMap((v, a) => {
      const bar = h('span', { class: 'qbar-fill' });
      bar.style.width = `${4 + (span > 0 ? (96 * (v - lo)) / span : 0)}%`;
      bar.style.background = actionColor(a);
      const cls = a === chosen ? 'qbar chosen' : 'qbar';
      return [
        h('span', { class: `${cls} qbar-name` }, humanize(names[a]!)),
        h('span', { class: `${cls} qbar-track` }, bar),
        h('span', { class: `${cls} qbar-value num` }, labels[a]!),
        h('span', { class: `${cls} chosen-mark`, title: 'the greedy action: the one the agent took' }, a === chosen ? '◀ taken' : ''),
      ];
    }),
  );
}

function valueTable(caption: string, names: string[], values: number[]): HTMLElement {
  return h(
    'table',
    { class: 'kv' },
    h('caption', null, caption),
    h('tbody', null, ...names.map((n, i) => h('tr', null, h('th', { attrs: { scope: 'row' } }, humanize(n)), h('td', { class: 'num' }, fmtNum(values[i]!, 4))))),
  );
}

/** How the episode ended, as the rollout says: its last step terminated, was truncated, or the replay hit its step cap. */
export function episodeEnding(rollout: RolloutResponse): 'terminated' | 'truncated' | 'cap' | null {
  const last = rollout.steps[rollout.steps.length - 1];
  return !last ? null : last.terminated ? 'terminated' : last.truncated ? 'truncated' : 'cap';
}

/** " · reward 0.1 · return with it 1.0": the step's reward and the return counting it, printed alike. */
export function rewardLine(reward: number, returnWithIt: number): string {
  const f = fmtColumn([reward, returnWithIt], 2);
  return ` · reward ${f(reward)} · return with it ${f(returnWithIt)}`;
}

/** The final frame in a sentence, for panels that would otherwise read it as a decision. */
export function endedHere(rollout: RolloutResponse): string {
  const ending = episodeEnding(rollout);
  const how =
    ending === 'terminated' ? 'The episode terminated here (it reached a terminal state)' : ending === 'truncated' ? 'The episode was truncated here by the time limit' : 'The replay stopped here at its step cap';
  return `${how}: no action is taken in this state, so its Q-values are shown for reference only.`;
}

export function stepPanel(rollout: RolloutResponse, index: number, extensions: ReplayExtension[]): HTMLElement[] {
  const { steps, env } = rollout;
  const atEnd = index >= steps.length;
  const returnSoFar = steps.slice(0, index).reduce((s, st) => s + st.reward, 0);
  const view = atEnd ? { ...rollout.final, action: null } : steps[index]!;
  const ending = { terminated: 'terminated (the episode reached a terminal state)', truncated: 'truncated by the time limit', cap: 'stopped at the step cap', none: '' }[episodeEnding(rollout) ?? 'none'];
  const out: HTMLElement[] = [
    h('h2', null, atEnd ? `Episode over after ${fmtInt(steps.length)} steps` : `Step ${fmtInt(index)} of ${fmtInt(steps.length)}`),
    atEnd
      ? h('p', null, `Return ${fmtReturn(returnSoFar)}; ${ending}.`)
      : h(
          'p',
          null,
          'Action: ',
          h('strong', { class: 'action-name' }, humanize(env.actionNames[view.action!]!)),
          // The reward is this action's, so the return shown counts it (step 0 of CartPole: reward 1, return 1).
          // Both with one number of decimals, float noise rounded away: FlappyBird's "reward 0.1 · return with it 1.0", not "0.100 · 1.000".
          rewardLine(steps[index]!.reward, returnSoFar + steps[index]!.reward),
        ),
    h('h3', null, atEnd ? 'Network Q-values in the final state' : 'Network Q-values'),
    h(
      'p',
      { class: 'muted small' },
      atEnd
        ? 'No action is taken in the final state: these Q-values are shown for reference only. Bars start at the lowest Q, so their lengths show the margins.'
        : rollout.policy === 'tree'
        ? 'The tree chose the actions in this episode (its Q-values are below); these are the network’s, for comparison. Bars start at the lowest Q, so their lengths show the margins.'
        : 'The agent takes the action with the highest Q. Bars start at the lowest Q, so their lengths show the margins.',
    ),
    qBars(view.q, env.actionNames, view.action),
    valueTable('Observation (what the network sees)', env.featureNames, view.observation),
    h('details', null, h('summary', null, 'Internal state of the environment'), valueTable('full precision (float64)', rollout.stateNames, view.state)),
  ];
  for (const ext of extensions) {
    if (!ext.renderStep) continue;
    const slot = h('section', { class: 'ext-slot', attrs: { 'data-slot': ext.id } }, h('h3', null, ext.title));
    ext.renderStep(slot, rollout, index);
    out.push(slot);
  }
  return out;
}
