import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportDot, exportText } from '../../../src/explain/index.ts';
import { grownTree, handTree, SMALL } from './fixtures.ts';

const DOT = '/usr/bin/dot';
const haveDot = existsSync(DOT);
if (!haveDot) {
  // Skipping silently would hide a broken exporter on a machine without Graphviz; in CI it must be there.
  if (process.env.CI === 'true') throw new Error(`Graphviz is required in CI: ${DOT} not found (apt-get install graphviz)`);
  console.warn(`Skipping the DOT rendering tests: ${DOT} not found (install Graphviz to run them)`);
}

function render(dot: string): string {
  return execFileSync(DOT, ['-Tsvg'], { input: dot, encoding: 'utf8' });
}

describe('DOT export', () => {
  it.skipIf(!haveDot)('renders with dot -Tsvg: a grown tree, a truncated one, an action-split one', () => {
    const tree = grownTree();
    const svg = render(exportDot(tree));
    expect(svg).toContain('<svg');
    // Every leaf is drawn with its greedy action's colour, and the legend names both actions.
    expect(svg.match(/leaf #\d+/g)).toHaveLength(tree.summary.leaves);
    expect(svg).toContain('greedy action at leaf mean');
    const cut = render(exportDot(tree, { maxDepth: 1 }));
    expect(cut).toContain('(...)');
    expect(render(exportDot(grownTree({ ...SMALL, actionSplit: true })))).toContain('split on the action');
  });

  it.skipIf(!haveDot)('escapes names so quotes, backslashes and newlines cannot break the graph', () => {
    const dot = exportDot(handTree(), { featureNames: ['a"b', 'c\\d', 'e\nf', 'g'], actionNames: ['<l>', 'r"'] });
    expect(dot).toContain('n0 [label="#0  e f <= 0.05'); // a newline in a name is flattened
    expect(dot).toContain('n1 [label="#1  c\\\\d <= 0.3'); // a backslash is doubled
    const text = render(dot)
      .split('\n')
      .filter((line) => line.includes('<text'))
      .map((line) => line.replace(/<[^>]+>/g, ''));
    expect(text).toContain('#1 &#160;c\\d &lt;= 0.3'); // dot drew the backslash itself
    expect(text).toContain('Q(r&quot;) = 6');
    expect(text).toContain('greedy: &lt;l&gt;');
  });

  it('marks truncated branches with their depth and checks its options', () => {
    const dot = exportDot(handTree(), { maxDepth: 1 });
    expect(dot).toContain('n2 [label="(...)\\nbranch of depth 1"');
    expect(dot).not.toContain('leaf #3');
    expect(dot).toContain('leaf #5');
    expect(() => exportDot(handTree(), { maxDepth: -1 })).toThrow('Invalid maxDepth: -1 (allowed: an integer >= 0)');
    expect(() => exportText(handTree(), { maxDepth: 1.5 })).toThrow('Invalid maxDepth: 1.5');
    expect(() => exportDot(handTree(), { actionNames: ['only one'] })).toThrow('actionNames has 1 names but the tree has 2 actions');
  });
});
