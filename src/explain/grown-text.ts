/**
 * How a measured tree was grown, in the words the Global view and the HTML report both use: the
 * setting fidelity.json records, what post-pruning did, and what its sample counts are. Imports
 * only format.ts, which imports nothing, so the browser bundle takes it as is (like leaves-text.ts).
 */
import { formatCount } from './format.ts';

/** fidelity.json's `setting`, for people. */
export const SETTING_TEXT: Readonly<Record<string, string>> = {
  'active-play': 'by Active Play (the trained agent playing for it)',
  experience: 'by Experience Training (the states recorded during training)',
};

/** "by Active Play (…)", or the recorded name of a setting this version does not know. */
export function settingText(setting: string): string {
  return Object.hasOwn(SETTING_TEXT, setting) ? SETTING_TEXT[setting]! : `by ${setting}`;
}

/** A post-pruned tree (`qlens mimic --prune`): from what size, and against data the held-out states are not. */
export function prunedSentence(p: { episodes: number; leavesBefore: number }): string {
  return `It was then pruned from ${formatCount(p.leavesBefore)} leaves against ${formatCount(p.episodes)} greedy episode${p.episodes === 1 ? '' : 's'} of its own, not these held-out states.`;
}

/** What a grown tree's sample counts are (tree-index.ts `regionSamples`), for the HTML report, the Tree view and the rules. */
export const REGION_SAMPLES_TEXT =
  'The tree was grown online, so its counts are apportioned at each split from the rows its children inherited: children add up to their parent and the leaves to the samples trained on.';
