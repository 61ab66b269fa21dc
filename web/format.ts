/** Number formatting for people: thousands separators, sensible decimals, "–" for missing. */

export const DASH = '–';

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : intFormat.format(n);
}

/** 3 significant decimals for small values, fewer for large ones: 0.0123, 1.23, 123.4, 12,345. */
export function fmtNum(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  if (abs >= 1000) return intFormat.format(n);
  if (abs >= 100) return n.toFixed(1);
  if (abs === 0) return '0';
  if (abs < 1e-3) return n.toExponential(2);
  return n.toFixed(Math.max(0, digits - Math.floor(Math.log10(abs)) - 1));
}

/** A fraction as a percentage: 0.934 → "93.4 %". */
export function fmtPercent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? DASH : `${(x * 100).toFixed(1)} %`;
}

/** "3 min ago", "2 days ago"; the exact time goes in a tooltip. */
export function fmtAgo(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return DASH;
  const s = Math.max(0, (now - t) / 1000);
  if (s < 60) return 'just now';
  const units: [number, string][] = [
    [86_400 * 365, 'year'],
    [86_400 * 30, 'month'],
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'min'],
  ];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n > 1 && name !== 'min' ? 's' : ''} ago`;
    }
  }
  return 'just now';
}

/** `push_left` → `push left`. */
export const humanize = (name: string) => name.replace(/_/g, ' ');
