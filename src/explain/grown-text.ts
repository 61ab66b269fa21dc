/**
 * How a measured tree was grown, in the words the Global view and the HTML report both use: the
 * setting fidelity.json records and what post-pruning did. Imports nothing, so the browser bundle
 * takes it as is (like leaves-text.ts).
 */

/** fidelity.json's `setting`, for people. */
export const SETTING_TEXT: Readonly<Record<string, string>> = {
  'active-play': 'by Active Play (the trained agent playing for it)',
  experience: 'by Experience Training (the states recorded during training)',
};

/** "by Active Play (…)", or the recorded name of a setting this version does not know. */
export function settingText(setting: string): string {
  return Object.hasOwn(SETTING_TEXT, setting) ? SETTING_TEXT[setting]! : `by ${setting}`;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A post-pruned tree (`qlens mimic --prune`): from what size, and against data the held-out states are not. */
export function prunedSentence(p: { episodes: number; leavesBefore: number }): string {
  return `It was then pruned from ${COUNT.format(p.leavesBefore)} leaves against ${COUNT.format(p.episodes)} greedy episode${p.episodes === 1 ? '' : 's'} of its own, not these held-out states.`;
}
