/** Status and source labels shared by the runs list and the run header. */
import type { RunListItem } from '../../src/server/dto.ts';
import { h } from '../dom.ts';

const STATUS_TEXT: Record<RunListItem['status'], string> = {
  running: 'training',
  completed: 'completed',
  solved: 'stopped early',
  interrupted: 'stopped',
  failed: 'failed',
  unknown: 'unknown',
};

const STATUS_HELP: Record<RunListItem['status'], string> = {
  running: 'Training is in progress',
  completed: 'Trained for all its steps',
  solved: 'Stopped early: a greedy evaluation reached the reward threshold',
  interrupted: 'Stopped (Ctrl-C, or its process ended) before it finished; resume with qlens train --resume <run dir>',
  failed: 'Training stopped with an error; see summary.json in the run directory',
  unknown: 'The run has not written summary.json',
};

/**
 * The run's status, plus a "solved" mark when an evaluation reached the threshold. A run that
 * stopped because it solved the task reads "stopped early ✓ solved", as a completed run that solved
 * it along the way reads "completed ✓ solved": the mark means the same in both.
 */
export function statusBadge(run: Pick<RunListItem, 'status' | 'solved'>): HTMLElement {
  // A solved stop is a finished run: it wears the finished colour, the green is the mark's.
  const look = run.status === 'solved' ? 'completed' : run.status;
  const badge = h('span', { class: `badge status-${look}`, title: STATUS_HELP[run.status] }, STATUS_TEXT[run.status]);
  // `solved` alone decides the mark: a pretrained agent stopped early by training's check may fall short over its card's 100 episodes.
  if (!run.solved) return badge;
  return h('span', { class: 'badges' }, badge, h('span', { class: 'badge status-solved', title: 'A greedy evaluation reached the reward threshold' }, '✓ solved'));
}

export function sourceBadge(run: Pick<RunListItem, 'source'>): HTMLElement | null {
  if (run.source === 'live') return h('span', { class: 'badge source-live', title: 'Training in this process: the charts update live' }, '● live');
  if (run.source === 'pretrained') return h('span', { class: 'badge source-pretrained', title: 'A pretrained agent shipped with qlens (agents/pretrained/)' }, 'pretrained');
  return null;
}

/** The Training tab's line once a run is not training: its status in the badge's words. */
export function endedText(status: RunListItem['status']): string {
  return status === 'unknown' ? 'Training has ended.' : `Training has ended (${STATUS_TEXT[status]}).`;
}
