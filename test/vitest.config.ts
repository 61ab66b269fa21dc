/** `npm test`'s settings (the top level holds no config file: package.json names this one). */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A path, not a URL's pathname: a checkout under a folder with a space in its name was %20 there, and no test was found.
    root: fileURLToPath(new URL('..', import.meta.url)),
    globalSetup: ['test/temp-root.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: '100%',
  },
});
