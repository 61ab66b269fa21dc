/** Plain-text tables for the terminal: left-aligned text, right-aligned numbers. */
export function formatTable(rows: Record<string, unknown>[], columns: string[], headers: string[] = columns): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : typeof v === 'number' ? formatNumber(v) : String(v));
  const body = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((_, i) => Math.max(headers[i]!.length, ...body.map((r) => r[i]!.length)));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => typeof r[c] === 'number' || r[c] === null));
  const line = (cells: string[]) => cells.map((s, i) => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Integers as is, others with 4 significant digits (small/large ones in exponent form). */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return v.toPrecision(4).replace(/\.?0+$/, '');
}
