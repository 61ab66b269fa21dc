/**
 * `npm run bench`: the quick benches in turn, each printing its own JSON object on one line.
 * The long ones (bench/presets.ts, the full bench/dqn.ts with its PyTorch baseline) run on their own.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const quick = [['envs.ts'], ['dqn.ts', '--quick'], ['lmut.ts', '--quick'], ['explain.ts'], ['server.ts']];
for (const [file, ...args] of quick) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, file!), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  // Some benches pretty-print their object; re-emit each as one line.
  process.stdout.write(`${JSON.stringify(JSON.parse(out.slice(out.indexOf('{'))))}\n`);
}
