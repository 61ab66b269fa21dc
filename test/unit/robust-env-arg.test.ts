/** How hints name an env: a module's env with its module, as `--env` needs it, never its bare id. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envArgText, parseEnvArg } from '../../envs/env-module.ts';

describe('envArgText', () => {
  it('gives a built-in env by its id', () => {
    expect(envArgText('CartPole-v1')).toBe('CartPole-v1');
  });

  it('gives a module inside the working directory as ./path:Id, which --env reads back', () => {
    const text = envArgText('LineWalk-v0', join(process.cwd(), 'envs', 'line-walk.js'));
    expect(text).toBe('./envs/line-walk.js:LineWalk-v0');
    expect(parseEnvArg(text)).toEqual({ module: './envs/line-walk.js', id: 'LineWalk-v0' });
  });

  it('keeps a module elsewhere absolute, quoted when the shell needs it', () => {
    expect(envArgText('LineWalk-v0', '/tmp/elsewhere/line-walk.js')).toBe('/tmp/elsewhere/line-walk.js:LineWalk-v0');
    expect(envArgText('LineWalk-v0', "/tmp/my envs/it's.js")).toBe(`'/tmp/my envs/it'\\''s.js:LineWalk-v0'`);
  });
});
