#!/usr/bin/env node
// The `qlens` executable: runs the TypeScript CLI through tsx's loader (no build step needed).
// Both of tsx's hooks, as its own CLI does: a user's environment module in a folder without
// `"type": "module"` (envs/env-module.ts) loads through the CommonJS one.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

registerCommonJs();
register();
await import('./main.ts');
