/**
 * The executable's two ways to run the CLI (src/cli/bin.js): compiled (the default) and from the
 * TypeScript sources through tsx (QLENS_FROM_SOURCE=1, and the fallback when compiling fails). Both
 * print the same, and both import a user's TypeScript environment module (tsx's hooks, which the
 * compiled CLI registers only then).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runQlens } from './qlens-process.ts';

const work = mkdtempSync(join(tmpdir(), 'qlens-bin-paths-'));
const MODULE = join(work, 'coin.ts');
// A one-step game in TypeScript, in a folder without package.json: tsx compiles it.
writeFileSync(
  MODULE,
  `class Coin {
  observationSpace = { low: [0], high: [1] };
  actionSpace = { n: 2 };
  reset(_: { seed?: number } = {}): { observation: number[]; info: object } { return { observation: [0], info: {} }; }
  step(action: number) { return { observation: [1], reward: action, terminated: true, truncated: false, info: {} }; }
}
export default { id: 'Coin-v0', create: () => new Coin() };
`,
);

// A compile cache of its own (inside node_modules, where the output's package imports resolve), to see that it was used.
const CACHE_PARENT = join(import.meta.dirname, '../../node_modules/.cache');
mkdirSync(CACHE_PARENT, { recursive: true });
const caches = [mkdtempSync(join(CACHE_PARENT, 'qlens-bin-paths-')), mkdtempSync(join(CACHE_PARENT, 'qlens-bin-paths-'))];
afterAll(() => caches.forEach((c) => rmSync(c, { recursive: true, force: true })));

describe.each([
  ['compiled', { QLENS_CACHE_DIR: caches[0]! }],
  ['from the sources', { QLENS_CACHE_DIR: caches[1]!, QLENS_FROM_SOURCE: '1' }],
])('qlens %s', (_, env: Record<string, string>) => {
  it('prints the version and the environments', async () => {
    const version = await runQlens(['--version'], env);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const compiled = readdirSync(env.QLENS_CACHE_DIR!).filter((name) => existsSync(join(env.QLENS_CACHE_DIR!, name, 'main.js')));
    expect(compiled).toHaveLength(env.QLENS_FROM_SOURCE ? 0 : 1);
    const envs = await runQlens(['envs'], env);
    expect(envs.code).toBe(0);
    for (const id of ['CartPole-v1', 'Acrobot-v1', 'MountainCar-v0', 'FlappyBird-v0']) expect(envs.stdout).toContain(id);
  });

  it("imports a user's TypeScript environment module", async () => {
    const r = await runQlens(['train', '--env', `${MODULE}:Coin-v0`, '--steps', '300', '--out', join(work, `runs-${env.QLENS_FROM_SOURCE ? 'source' : 'compiled'}`), '--no-progress', '--json', '--set', 'learningStarts=100'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ reason: 'completed', step: 300 });
  });
});
