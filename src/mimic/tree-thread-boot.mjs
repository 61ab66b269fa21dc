// Entry of the online tree's thread: worker threads do not inherit the TypeScript loader the CLI
// (src/cli/bin.js) or the test runner registered, so the thread registers tsx's own.
import { register } from 'tsx/esm/api';

register();
await import('./tree-thread-worker.ts');
