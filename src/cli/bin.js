#!/usr/bin/env node
// The `qlens` executable. It runs the CLI compiled to JavaScript (compiled.js: compiled once, reused
// until a source file changes), else the TypeScript sources through tsx's loader.
import { compiledMain, keepInUse } from './compiled.js';

/** Both of tsx's hooks, as its own CLI registers them: a user's environment module in a folder
 * without `"type": "module"` (envs/env-module.ts) loads through the CommonJS one. */
async function registerTypeScriptLoader() {
  const [{ register: registerCommonJs }, { register }] = await Promise.all([import('tsx/cjs/api'), import('tsx/esm/api')]);
  registerCommonJs();
  register();
}

async function runSources() {
  await registerTypeScriptLoader();
  await import('./main.ts');
}

const compiled = process.env.QLENS_FROM_SOURCE ? undefined : await compiledMain();
if (compiled) {
  // Registered when a user's module is first imported, not now: the hooks slowed every import
  // of the compiled CLI's (~0.7 s before the dashboard's URL).
  let registered;
  globalThis[Symbol.for('qlens.registerTypeScriptLoader')] = () => (registered ??= registerTypeScriptLoader());
  // QLENS_DEBUG's stack traces name the TypeScript files (through the output's source maps).
  if (process.env.QLENS_DEBUG) process.setSourceMapsEnabled(true);
  keepInUse(compiled);
  try {
    await import(compiled);
  } catch (err) {
    // A package the output imports that cannot be found from the cache folder fails while linking,
    // before any of the CLI ran: the sources, run through tsx, find it the usual way.
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    await runSources();
  }
} else {
  await runSources();
}
