/**
 * Vitest global setup: every test's temporary files go under one folder, removed when the run ends.
 * Tests make their folders with `mkdtempSync(join(tmpdir(), …))`, and the qlens processes and
 * Chromium they start write their own; left in /tmp they added ~120 folders (hundreds of MB) per
 * `npm test`. `os.tmpdir()` reads TMPDIR, which the test workers and every process they spawn
 * inherit from here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function useTemporaryRoot(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'qlens-test-run-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
