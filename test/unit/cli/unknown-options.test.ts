/**
 * A mistyped flag is named as unknown, with commander's suggestion, even when it stands for a
 * required option: commander's own order reported it as the required option missing.
 */
import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from '../../cli/qlens-in-process.ts';

const AGENT = 'agents/pretrained/CartPole-v1';

describe('unknown options', () => {
  it('names a mistyped required flag as unknown, with the flag meant', async () => {
    const r = await qlens(['export', '--run', AGENT, '--fromat', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: unknown option '--fromat'\n(Did you mean --format?)\n(run with --help for usage)\n");
  });

  it('leaves values that look like flags alone, and help still wins', async () => {
    // "-0.01 …" is --state's value, not an option.
    const explained = await qlens(['explain', '--run', AGENT, '--state', '-0.01 0 0 0', '--json']);
    expect(explained.stderr).toBe('');
    expect(explained.code).toBe(0);
    const help = await qlens(['export', '--fromat', 'json', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: qlens export');
  });

  it('accepts the program’s own options after a command, as commander does', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await qlens(['envs', flag]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
  });

  it('still says a required option is missing when no flag is mistyped', async () => {
    const r = await qlens(['explain', '--run', AGENT]); // (export's --format is no longer required: --out's extension may give it)
    expect(r.stderr).toBe("error: required option '--state <values>' not specified\n(run with --help for usage)\n");
  });
});
