/**
 * Colours for actions, shared by the DOT and HTML exports so a tree looks the same in both.
 * ColorBrewer Set2 (colour-blind safe for the first three, legible under black text), cycled for
 * more actions than colours.
 */
const SET2 = ['#66c2a5', '#fc8d62', '#8da0cb', '#e78ac3', '#a6d854', '#ffd92f', '#e5c494', '#b3b3b3'];

export function actionColour(action: number): string {
  return SET2[action % SET2.length]!;
}

/** Fill of internal nodes and truncation markers. */
export const INTERNAL_FILL = '#ffffff';
export const TRUNCATED_FILL = '#eeeeee';
