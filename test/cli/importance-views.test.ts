/**
 * `qlens importance` says what its comparison compares: the tree's influence against the network's
 * |SHAP| on the Q-values, then that the advantages decide the action (and how the tree's ranking
 * stands against them); two actions' identical advantage columns are one; and the note says what
 * the tree's influence is measured on (all states of the episodes, not only the explained ones).
 */
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp, DEFAULT_AGENTS_DIR } from '../../src/server/app.ts';
import type { InfluenceResponse } from '../../src/server/dto.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const agent = (env: string) => join(import.meta.dirname, '../../agents/pretrained', env);

describe('qlens importance: what is compared with what', { timeout: 60_000 }, () => {
  it('two actions: one advantage column, the Q-value comparison named as such, and the decision line', async () => {
    const r = await qlens(['importance', '--run', agent('CartPole-v1'), '--states', '10']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines[2]).toMatch(/^feature +tree influence % +\|SHAP\| Q +\|SHAP\| adv \(either action\)$/);
    expect(r.stdout).not.toContain('adv push_left');
    expect(r.stdout).toContain('\nWith two actions one action\'s advantage is minus the other\'s, so their |SHAP| are the same: one "|SHAP| adv" column stands for both.\n');
    expect(r.stdout).toMatch(/\nOn the Q-values \(what the tree's influence measures\), the tree and the network rank the features (alike|partly alike|differently): Spearman ρ −?\d\.\d\d over 4 features\.\n/);
    expect(r.stdout).toMatch(
      /\nWhat decides the action is each action's advantage \(Q minus the actions' mean\), the "\|SHAP\| adv" column: there the network ranks (\w+ > ){3}\w+\. The tree's influence measures the Q-values only and has no per-decision counterpart\. Set beside it, the tree's influence and the network's \|SHAP\| of the advantage rank the features (alike|partly alike|differently): Spearman ρ −?\d\.\d\d over 4 features\.\n/,
    );
  });

  it('more than two actions keep one advantage column each', async () => {
    const r = await qlens(['importance', '--run', agent('MountainCar-v0'), '--states', '10']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')[2]).toMatch(/^feature +tree influence % +\|SHAP\| Q +\|SHAP\| adv accelerate_left +\|SHAP\| adv no_acceleration +\|SHAP\| adv accelerate_right$/);
    expect(r.stdout).not.toContain('With two actions');
    expect(r.stdout).toContain('the "|SHAP| adv" columns, averaged over the actions: there the network ranks ');
  });

  it('the tree influence is measured on every state of the episodes, whatever --states says, and the note says so', async () => {
    const importance = async (n: string) => JSON.parse((await qlens(['importance', '--run', agent('CartPole-v1'), '--states', n, '--json'])).stdout);
    const few = await importance('10');
    const more = await importance('40');
    expect(few.values).toHaveLength(10);
    expect(more.values).toHaveLength(40);
    expect(few.treeShare).toEqual(more.treeShare); // not the explained states: the episodes'
    const influence = (await request(createApp({ runsDirs: [], agentsDir: DEFAULT_AGENTS_DIR })).get('/api/runs/pretrained~CartPole-v1/influence').expect(200)).body as InfluenceResponse;
    expect(few.treeStates).toBe(influence.samples);
    expect(few.treeStates).toBe(few.drawnFrom);
    expect(few.decision.importance).toHaveLength(4);
    const text = await qlens(['importance', '--run', agent('CartPole-v1'), '--states', '10']);
    expect(text.stdout).toContain(`\ntree: share of the feature influence (Liu et al. 2018), measured on all ${few.treeStates} states of the agent's 20 held-out greedy episodes (the explained states are drawn evenly from them), as the dashboard's Global view does.\n`);
    expect(text.stdout).not.toContain('on the same states');
  });
});
