#!/usr/bin/env node
// The `qlens` executable. It runs the CLI compiled to JavaScript (compiled.js: compiled once, reused
// until a source file changes), else the TypeScript sources through tsx's loader.
import { compiledMain } from './compiled.js';

/** Both of tsx's hooks, as its own CLI registers them: a user's environment module in a folder
 * without `"type": "module"` (envs/env-module.ts) loads through the CommonJS one. */
async function registerTypeScriptLoader() {
  const [{ register: registerCommonJs }, { register }] = await Promise.all([import('tsx/cjs/api'), import('tsx/esm/api')]);
  registerCommonJs();
  register();
}

const compiled = process.env.QLENS_FROM_SOURCE ? undefined : await compiledMain();
if (compiled) {
  // Registered when a user's module is first imported, not now: the hooks slowed every import
  // of the compiled CLI's (~0.7 s before the dashboard's URL).
  let registered;
  globalThis[Symbol.for('qlens.registerTypeScriptLoader')] = () => (registered ??= registerTypeScriptLoader());
  await import(compiled);
} else {
  await registerTypeScriptLoader();
  await import('./main.ts');
}
