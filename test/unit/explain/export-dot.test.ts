import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportDot, exportText } from '../../../src/explain/index.ts';
import { loadTreeFile } from '../../../src/explain/export/json.ts';
import { greedyAtMean, indexTree } from '../../../src/explain/tree-index.ts';
import type { LinearModelUTree } from '../../../src/lmut/index.ts';
import { grownTree, handTree, SMALL } from './fixtures.ts';

const pretrained = (env: string) => loadTreeFile(readFileSync(join(import.meta.dirname, '../../../agents/pretrained', env, 'tree.json'), 'utf8'), 'tree.json');

/** Each node's label lines and each node's children, read back from the DOT text. */
function parseDot(dot: string): { labels: Map<number, string[]>; children: Map<number, number[]> } {
  const labels = new Map<number, string[]>();
  const children = new Map<number, number[]>();
  for (const line of dot.split('\n')) {
    const node = /^  n(\d+) \[label="((?:[^"\\]|\\.)*)"/.exec(line);
    if (node) labels.set(Number(node[1]), node[2]!.split('\\n'));
    const edge = /^  n(\d+) -> n(\d+) /.exec(line);
    if (edge) children.set(Number(edge[1]), [...(children.get(Number(edge[1])) ?? []), Number(edge[2])]);
  }
  return { labels, children };
}

const samplesOf = (label: string[]) => Number(label.find((l) => l.startsWith('samples = '))!.slice('samples = '.length));

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

  it('gives internal nodes their greedy action at their mean, and samples that add up to the parent and to every sample trained on', () => {
    const check = (tree: LinearModelUTree) => {
      const { labels, children } = parseDot(exportDot(tree));
      const index = indexTree(tree);
      expect(samplesOf(labels.get(index.root.id)!)).toBe(tree.summary.samplesSeen);
      let internal = 0;
      for (const [id, kids] of children) {
        const node = index.byId.get(id)!;
        const label = labels.get(id)!;
        if (node.split!.kind === 'action') {
          expect(label.some((l) => l.startsWith('greedy:'))).toBe(false); // the action split has no model of its own
          for (const k of kids) expect(samplesOf(labels.get(k)!)).toBe(samplesOf(label));
          continue;
        }
        internal++;
        expect(label[2], `node #${id}`).toBe(`greedy: ${tree.actionNames[greedyAtMean(tree, node)]}`);
        expect(kids.reduce((s, k) => s + samplesOf(labels.get(k)!), 0), `node #${id}`).toBe(samplesOf(label));
      }
      expect(internal).toBeGreaterThan(0);
    };
    check(grownTree({ ...SMALL, memorySize: 60, minSamplesSplit: 5 }, 20000));
    check(grownTree({ ...SMALL, actionSplit: true }, 20000));
    const cartpole = pretrained('CartPole-v1');
    check(cartpole);
    // The user's node: 40,879 shown above children of 2,500 and 17,824 before; now they add up.
    const { labels } = parseDot(exportDot(cartpole));
    expect([24, 197, 198].map((id) => samplesOf(labels.get(id)!))).toEqual([41385, 5470, 35915]);
    // Internal nodes answer by their own (frozen) model at their mean: #0 of the hand tree has Q(right) = 11 > Q(left) = 10.
    expect(exportDot(handTree())).toContain('n0 [label="#0  pole_angle <= 0.05\\nsamples = 1220\\ngreedy: right"];');
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
