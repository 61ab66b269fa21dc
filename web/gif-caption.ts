/**
 * The caption strip under each frame of an episode's GIF: the step, the action taken and, when the
 * run has a tree, the other model's pick (red where it differs). Document-free, so the dashboard's
 * GIF (episode-gif.ts) and `qlens record` (src/cli/episode-gif.ts) make the same job of an episode.
 */
import type { RolloutResponse } from '../src/server/dto.ts';
import { argmax } from './argmax.ts';
import { fmtInt, fmtReturn, humanize } from './format.ts';
import type { Caption, GifJob } from './gif-encode.ts';

/** The caption under frame `index` (`steps.length` is the state after the last step). */
export function gifCaption(r: RolloutResponse, index: number): Caption {
  const last = r.steps.length;
  if (index >= last) {
    const how = r.capped ? `stopped at the ${fmtInt(last)}-step cap` : 'episode over';
    return { text: `${how} · return ${fmtReturn(r.totalReward)} in ${fmtInt(last)} steps`, differs: false };
  }
  const step = r.steps[index]!;
  const name = (a: number) => humanize(r.env.actionNames[a] ?? `action ${a}`);
  const head = `step ${fmtInt(index)} · ${r.policy === 'tree' ? 'the tree' : 'the network'} acts: ${name(step.action)}`;
  if (!step.qTree) return { text: head, differs: false };
  const other = r.policy === 'tree' ? argmax(step.q) : argmax(step.qTree);
  const differs = other !== step.action;
  const who = r.policy === 'tree' ? 'network' : 'tree';
  return { text: `${head} · ${who}: ${differs ? name(other) : 'same'}`, differs };
}

/** The whole episode as the encoder's job: every frame, first state to final, each with its caption. */
export function episodeGifJob(r: RolloutResponse, perSecond: number, maxWidth: number): GifJob {
  const frames = [...r.steps.map((s) => s.frame), r.final.frame];
  return { frames, captions: frames.map((_, i) => gifCaption(r, i)), perSecond, maxWidth };
}
