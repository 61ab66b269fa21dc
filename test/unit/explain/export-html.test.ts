import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportHtml, featureInfluence, loadTreeFile, measureFidelity, treeRules } from '../../../src/explain/index.ts';
import { cartpoleStream, grownTree, handTree } from './fixtures.ts';

describe('HTML report', () => {
  const tree = grownTree();
  const heldOut = cartpoleStream(800, 21);
  const influence = featureInfluence(tree, heldOut);
  const fidelity = measureFidelity(tree, heldOut, { train: cartpoleStream(600, 22), greedyReturns: { network: { mean: 500, episodes: 5 }, lmut: { mean: 498, episodes: 5 } } });
  const html = exportHtml({ tree, influence, fidelity, title: 'CartPole <run 7>', subtitle: 'seed 1 & friends' });

  it('is one self-contained page: no http(s) URL, no script, no external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script|<iframe|<img|<object|@import|url\(/i);
    for (const [, value] of html.matchAll(/(?:src|href)="([^"]*)"/g)) expect(value === 'data:,' || value.startsWith('#')).toBe(true);
  });

  it('has every section: fidelity (tree vs CART vs linear, greedy returns), influence chart, tree, rules', () => {
    for (const id of ['fidelity', 'influence', 'tree', 'rules']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toMatch(/<td>LMUT<\/td><td>16<\/td>/);
    expect(html).toContain('<td>CART</td>');
    expect(html).toContain('<td>Linear</td>');
    expect(html).toContain('<td>Network</td>');
    expect(html).toContain('498 (5 ep.)');
    expect(html).toContain('<svg role="img" aria-label="Feature influence"');
    expect(html.match(/<rect /g)).toHaveLength(4); // one bar per feature
    const s = tree.summary;
    expect(html.match(/<details/g)).toHaveLength(s.nodes - s.leaves);
    expect(html.match(/<div class="leaf"/g)).toHaveLength(s.leaves);
    expect(html).toContain(`Rules (${s.leaves})`);
    expect(html.match(/<tr><td>\d+<\/td><td>#\d+<\/td>/g)).toHaveLength(s.leaves);
  });

  it('says how the measured tree was grown and pruned, and refuses to show a fidelity report of another tree', () => {
    const grown = exportHtml({ tree, fidelity, grown: { setting: 'active-play', pruned: { episodes: 5, leavesBefore: 48 } } });
    expect(grown).toContain('The tree was grown by Active Play (the trained agent playing for it). It was then pruned from 48 leaves against 5 greedy episodes of its own, not these held-out states.');
    expect(exportHtml({ tree, fidelity, grown: { setting: 'experience' } })).toContain('The tree was grown by Experience Training (the states recorded during training).');
    expect(html).not.toContain('The tree was grown by');
    const other = handTree();
    expect(other.summary.leaves).not.toBe(tree.summary.leaves);
    const mismatched = exportHtml({ tree: other, fidelity });
    expect(mismatched).toContain(`Not shown: the fidelity report beside this tree measured a tree of ${tree.summary.leaves} leaves, and this one has ${other.summary.leaves}.`);
    expect(mismatched).not.toContain('<td>LMUT</td>');
  });

  it('prints counts with thousands separators, as the dashboard does', () => {
    expect(tree.summary.samplesSeen).toBeGreaterThanOrEqual(1000);
    expect(html).toContain(`trained on ${tree.summary.samplesSeen.toLocaleString('en-US')} samples`);
    expect(html).not.toMatch(/\d{4,} samples/);
  });

  it('shows each node’s region samples in the tree, adding up to the parent, and says how they are counted', () => {
    const hand = exportHtml({ tree: handTree() });
    expect(hand).toContain('node #0, 1,220 samples');
    expect(hand).toContain('node #2, 580 samples'); // 520 counted, 580 once #1's samples before its split are apportioned
    for (const [leaf, n] of [[3, 233], [4, 347], [5, 240], [6, 400]]) expect(hand).toContain(`leaf #${leaf}: <span class="n">${n} samples</span>`);
    expect(hand).toContain('its counts are apportioned at each split from the rows its children inherited');
  });

  it('escapes every string from the tree and the caller', () => {
    expect(html).toContain('<title>CartPole &lt;run 7&gt;</title>');
    expect(html).toContain('seed 1 &amp; friends');
    const evil = exportHtml({ tree: handTree(), featureNames: ['<script>alert(1)</script>', 'v"', "th'", 'w&'], actionNames: ['<b>L</b>', 'R'] });
    expect(evil).not.toContain('<script>');
    expect(evil).not.toContain('<b>L</b>');
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(evil).toContain('&lt;b&gt;L&lt;/b&gt;');
  });

  it('says what is missing rather than leaving a section out, and accepts the rules to show', () => {
    const bare = exportHtml({ tree: handTree(), rules: treeRules(handTree(), { greedyAction: 1 }) });
    for (const id of ['fidelity', 'influence', 'tree', 'rules']) expect(bare).toContain(`<section id="${id}">`);
    expect(bare).toContain('Not computed: measure fidelity');
    expect(bare).toContain('Not computed: feature influence');
    expect(bare).toContain('Rules (2)');
    expect(bare).toContain('cart_velocity &lt;= 0.3 AND -0.2 &lt; pole_angle &lt;= 0.05');
    expect(bare).not.toMatch(/https?:\/\//i);
  });
});

describe('HTML report rules', () => {
  it("prints each rule's formulas with the digits that pick its 'greedy at mean' action there (CartPole's leaf Q sit 0.003 apart near 58)", () => {
    const tree = loadTreeFile(readFileSync(join(import.meta.dirname, '../../../agents/pretrained/CartPole-v1/tree.json'), 'utf8'), 'tree.json');
    const html = exportHtml({ tree });
    const byLeaf = new Map(treeRules(tree).map((r) => [r.leafId, r]));
    const rows = [...html.matchAll(/<tr><td>\d+<\/td><td>#(\d+)<\/td><td>[\d,]+<\/td><td>([^<]+)<\/td><td>[^<]*<\/td><td>(.*?)<\/td><\/tr>/g)];
    expect(rows).toHaveLength(tree.summary.leaves);
    let longer = 0;
    for (const [, leafId, greedy, cell] of rows) {
      const rule = byLeaf.get(Number(leafId))!;
      const q = cell!.split('<br>').map((form) => {
        const [first, ...rest] = form.split(' = ')[1]!.split(/ (?=[+-] )/);
        if (first!.replace('-', '').replace('.', '').length > 4) longer++;
        return rest.reduce((sum, t) => {
          const m = /^([+-]) (\S+) \* (\S+)$/.exec(t)!;
          return sum + (m[1] === '-' ? -1 : 1) * Number(m[2]) * rule.mean[tree.featureNames.indexOf(m[3]!)]!;
        }, Number(first));
      });
      expect(tree.actionNames![q.indexOf(Math.max(...q))], `leaf #${leafId}: ${cell}`).toBe(greedy);
    }
    expect(longer).toBeGreaterThan(0); // some rules needed more than the report's 4 digits
  });
});
