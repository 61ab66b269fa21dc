/**
 * `--state` takes a vector as Python and NumPy print it (brackets, spaces), not only comma-separated,
 * and still refuses anything else with one line naming the problem and the features expected.
 */
import { describe, expect, it } from 'vitest';
import { parseState } from '../../../src/cli/state-arg.ts';

const NAMES = ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'];
const ALLOWED = '(allowed: 4 finite numbers separated by commas and/or spaces, optionally in [ ] or ( ): cart_position, cart_velocity, pole_angle, pole_angular_velocity)';

describe('parseState', () => {
  it.each([
    ['0.01,0.2,-0.03,-0.3'],
    ['0.01, 0.2, -0.03, -0.3'],
    ['0.01 0.2 -0.03 -0.3'],
    ['[0.01, 0.2, -0.03, -0.3]'],
    ['(0.01, 0.2, -0.03, -0.3)'],
    ['[ 0.01  0.2  -0.03 -0.3 ]'], // NumPy's print of a float array
    ['[ 1.0e-02  2.0e-01\n -3.0e-02 -3.0e-01]'], // NumPy wraps long arrays onto new lines
    ['  0.01 ,0.2\t-0.03,  -0.3  '],
  ])('reads %j', (raw) => {
    expect(Array.from(parseState(raw, NAMES))).toEqual([0.01, 0.2, -0.03, -0.3]);
  });

  it.each([
    ['0.01,0.2', '2 values'],
    ['[0.01, 0.2, -0.03]', '3 values'],
    ['[]', '0 values'],
    ['1', '1 value'],
    ['0.1,abc,0,0', '"abc" at position 2'],
    ['0.1,,0,0', 'an empty value at position 2'],
    ['0.1,0.2,0,0,', 'an empty value at position 5'],
    ['[0.1, 0.2, 0, 0)', '"[" without a closing "]"'],
    ['(0.1 0.2 0 0', '"(" without a closing ")"'],
    ['0.1,Infinity,0,0', '"Infinity" at position 2'],
    ['{0.1,0.2,0,0}', '"{0.1" at position 1'],
  ])('refuses %j: %s', (raw, why) => {
    expect(() => parseState(raw, NAMES)).toThrow(`Invalid --state: ${why} ${ALLOWED}`);
  });
});
