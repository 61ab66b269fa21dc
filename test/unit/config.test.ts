import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { opt, resolveConfig } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';

const schema = z.object({
  gamma: opt.number(0.99, { min: 0, max: 1 }),
  bufferSize: opt.int(10_000, { min: 1 }),
  lr: opt.number(1e-3, { min: 0, minExclusive: true }),
  hidden: opt.intList([64, 64], { min: 1, minLength: 1, maxLength: 8 }),
  loss: opt.oneOf(['huber', 'mse'] as const, 'huber'),
});

describe('resolveConfig', () => {
  it('fills defaults and freezes the result', () => {
    const cfg = resolveConfig(schema, { gamma: 0.9 }, 'DQN');
    expect(cfg).toEqual({ gamma: 0.9, bufferSize: 10_000, lr: 1e-3, hidden: [64, 64], loss: 'huber' });
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.hidden)).toBe(true);
  });
  it.each([
    [{ gamma: 1.5 }, 'Invalid gamma: 1.5 (allowed: a number in [0, 1])'],
    [{ bufferSize: -5 }, 'Invalid bufferSize: -5 (allowed: an integer >= 1)'],
    [{ bufferSize: 2.5 }, 'Invalid bufferSize: 2.5 (allowed: an integer >= 1)'],
    [{ lr: 0 }, 'Invalid lr: 0 (allowed: a number > 0)'],
    [{ hidden: [64, 0] }, 'Invalid hidden[1]: 0 (allowed: a list of 1 to 8 values, each an integer >= 1)'],
    [{ loss: 'l1' }, 'Invalid loss: "l1" (allowed: one of huber, mse)'],
    [{ gamma: 'x' }, 'Invalid gamma: "x" (allowed: a number in [0, 1])'],
    [{ bufferSise: 3 }, 'Unknown DQN option "bufferSise" (did you mean bufferSize? allowed: bufferSize, gamma, hidden, loss, lr)'],
    [7, 'DQN options must be an object, got 7'],
  ])('rejects %j with an exact message', (input, message) => {
    expect(() => resolveConfig(schema, input, 'DQN')).toThrow(message);
  });
});

describe('ConfigError.invalidValue', () => {
  it('keeps the parts, so the error can be named as the user typed it', () => {
    const err = ConfigError.invalidValue('totalTimesteps', '0', 'an integer >= 1');
    expect(err.message).toBe('Invalid totalTimesteps: 0 (allowed: an integer >= 1)');
    const flag = err.as('--steps');
    expect(flag).toMatchObject({ field: 'steps', message: 'Invalid --steps: 0 (allowed: an integer >= 1)' });
    // An error without the parts stays as it is.
    const other = new ConfigError('x', 'something else');
    expect(other.as('--x')).toBe(other);
  });
});
