/**
 * Small HTML building blocks for the report: escaping (every string that reaches the page goes
 * through `esc`), tables, and the stylesheet. Plain strings, no DOM: src/explain runs in Node.
 */
import type { TableData } from '../fidelity-table.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value made safe for HTML. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A table from preformatted cells (escaped here). */
export function htmlTable(data: TableData, className = 'data'): string {
  const head = `<tr>${data.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const rows = data.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
  return `<table class="${esc(className)}"><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}">\n<h2>${esc(title)}</h2>\n${body}\n</section>`;
}

export function missing(what: string): string {
  return `<p class="missing">${esc(what)}</p>`;
}

export const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1100px; padding: 0 1.5em 3em; color: #222; }
h1 { font-size: 1.5em; margin: 1em 0 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
nav a { margin-right: 1em; } .meta { color: #555; } .missing { color: #777; font-style: italic; }
table.data { border-collapse: collapse; margin: 0.6em 0; } table.data th, table.data td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; vertical-align: top; }
table.data th { background: #f6f6f6; } table.data td:first-child, table.data th:first-child { text-align: left; }
table.rules th, table.rules td { text-align: left; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.3em; border-left: 1px dotted #bbb; } ul.tree { padding-left: 0; border: 0; }
ul.tree summary { cursor: pointer; } .cond { font-family: ui-monospace, Menlo, Consolas, monospace; } .n { color: #666; }
.leaf { border-left: 6px solid #ccc; padding: 0.1em 0.5em; margin: 0.15em 0; background: #fafafa; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; margin: 0 0.3em 0 0.8em; border: 1px solid #999; }
.truncated { color: #777; }
svg text { font: 12px system-ui, sans-serif; }
svg { max-width: 100%; height: auto; } /* the 850-px influence chart shrinks on a narrow screen instead of scrolling the page */
table { display: block; max-width: 100%; overflow-x: auto; } /* a wide table scrolls in its own box */
table.data:not(.rules) td { white-space: nowrap; } /* …rather than squeezing "500 ± 0 (100 ep.)" into four lines */
`;
