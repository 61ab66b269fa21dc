/**
 * A list of names wrapped to a width at its separators, for tables that would otherwise put a dozen
 * feature names on one 300-column line. Names are never cut: a reader copies them into `--state`,
 * CSV headers and code, so one longer than the width stands alone on its line instead.
 */
export function wrapList(items: readonly string[], width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true; // whether `line` holds no item yet (the prefix alone)
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? `${item},` : item;
    if (!empty && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? piece : ` ${piece}`;
    empty = false;
  });
  lines.push(line);
  return lines;
}

/** The width to lay text out for: the terminal's when stdout is one, else 100 (logs, pipes, files). */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns ? Math.max(stream.columns, MIN_WIDTH) : DEFAULT_WIDTH;
}

const DEFAULT_WIDTH = 100;
/** Narrower terminals still get the names, one or two to a line. */
const MIN_WIDTH = 40;
