/**
 * A module that fails to import, as the real `qlens` executable imports it: the compiled CLI is
 * plain JavaScript and loads a user's module through Node and tsx's hooks, whose errors and
 * CommonJS interop vitest's own module loader does not reproduce. Each failure is one line naming
 * the place in the user's files.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQlens } from '../../cli/qlens-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'qlens-env-module-import-'));
/** ES modules: `.js` is ESM here, which Node itself loads. */
const esm = join(dir, 'esm');
/** No `"type": "module"`: tsx compiles ESM syntax in `.js` to CommonJS. */
const cjs = join(dir, 'cjs');
mkdirSync(join(esm, 'lib'), { recursive: true });
mkdirSync(cjs);
writeFileSync(join(esm, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');

/** Line 3, column 10 is `is`: an identifier where a statement must end. */
const BROKEN = 'class E {\n  reset() {\n    this is an error\n  }\n}\n';

function file(folder: string, name: string, body: string): string {
  const path = join(folder, name);
  writeFileSync(path, body);
  return path;
}

/** `qlens envs --env-module <path>`'s one line of error. */
async function importError(path: string): Promise<string> {
  const run = await runQlens(['envs', '--env-module', path]);
  expect(run.code, run.stdout).toBe(1);
  expect(run.stderr.split('\n')).toHaveLength(2); // one line, then the newline
  return run.stderr.trimEnd();
}

describe('an environment module that does not import', () => {
  it("gives a syntax error's file, line and column, in .js, .mjs, .cjs and .ts, and in a module it imports", async () => {
    const paths = {
      esm: file(esm, 'syntax.js', `${BROKEN}export default { id: 'S-v0', create: () => new E() };\n`),
      mjs: file(cjs, 'syntax.mjs', `${BROKEN}export default { id: 'S-v0', create: () => new E() };\n`),
      cjs: file(cjs, 'syntax.cjs', `${BROKEN}module.exports = { id: 'S-v0', create: () => new E() };\n`),
      helper: file(esm, 'main.js', "import env from './lib/helper.js';\nexport default env;\n"),
      ts: file(cjs, 'syntax.ts', `${BROKEN}export default { id: 'S-v0', create: () => new E() };\n`),
    };
    writeFileSync(join(esm, 'lib', 'helper.js'), `// a helper\n${BROKEN}export default { id: 'H-v0', create: () => new E() };\n`);
    const [esmError, mjsError, cjsError, helperError, tsError] = await Promise.all(Object.values(paths).map(importError));
    expect(esmError).toBe(`error: could not import ${paths.esm}: SyntaxError: Unexpected identifier 'is' (at ${paths.esm}:3:10)`);
    expect(mjsError).toBe(`error: could not import ${paths.mjs}: SyntaxError: Unexpected identifier 'is' (at ${paths.mjs}:3:10)`);
    expect(cjsError).toBe(`error: could not import ${paths.cjs}: SyntaxError: Unexpected identifier 'is' (at ${paths.cjs}:3:10)`);
    expect(helperError).toBe(`error: could not import ${paths.helper}: SyntaxError: Unexpected identifier 'is' (at ${join(esm, 'lib', 'helper.js')}:4:10)`);
    // TypeScript loads through tsx, whose esbuild names the place itself (its column counted from 0).
    expect(tsError).toBe(`error: could not import ${paths.ts}: TransformError: Transform failed with 1 error: ${paths.ts}:3:9: ERROR: Expected ";" but found "is"`);
  }, 60_000);

  it('gives the line of an exception the module throws as it runs', async () => {
    const path = file(esm, 'throws.js', "const x = 1;\nconst env = missing.create;\nexport default { id: 'T-v0', create: env };\n");
    expect(await importError(path)).toMatch(new RegExp(`^error: could not import ${path}: ReferenceError: missing is not defined \\(at file://${path}:2:13\\)$`));
  }, 60_000);

  it('says a module has no default export when it has only named ones, even compiled to CommonJS by tsx', async () => {
    const env = "{ id: 'Named-v0', create: () => ({}) }";
    const inCjs = file(cjs, 'named.js', `export const env = ${env};\n`);
    const inEsm = file(esm, 'named.js', `export const env = ${env};\n`);
    const allowed = 'allowed: export default { id, create, … } or a list of them, e.g. export default env; see README "Your own environment"';
    const [cjsError, esmError] = await Promise.all([importError(inCjs), importError(inEsm)]);
    expect(cjsError).toBe(`error: ${inCjs} has no default export (found named export env; ${allowed})`);
    expect(esmError).toBe(`error: ${inEsm} has no default export (found named export env; ${allowed})`);
  }, 60_000);
});
