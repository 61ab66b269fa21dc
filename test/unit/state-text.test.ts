/**
 * `--state` takes a vector as Python, NumPy and PyTorch print or echo it (brackets, spaces, `array(…)`,
 * `tensor(…)`, a batch of one), not only comma-separated,
 * and still refuses anything else with one line naming the problem and the features expected.
 */
import { describe, expect, it } from 'vitest';
import { parseState } from '../../src/core/state-text.ts';

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
    ['array([ 0.01,  0.2 , -0.03, -0.3 ], dtype=float32)'], // NumPy's REPL and Jupyter echo
    ['array([ 0.01,  0.2 ,\n       -0.03, -0.3 ])'],
    ['np.array([0.01, 0.2, -0.03, -0.3])'],
    ['tensor([ 0.0100,  0.2000, -0.0300, -0.3000])'], // PyTorch
    ["tensor([0.01, 0.2, -0.03, -0.3], device='cuda:0')"],
    ['tensor([ 0.0100,  0.2000, -0.0300, -0.3000], grad_fn=<SliceBackward0>)'],
    ['array([[ 0.01,  0.2 , -0.03, -0.3 ]], dtype=float32)'], // a vectorized env's batch of one
    ['[[0.01 0.2 -0.03 -0.3]]'],
    ['[np.float32(0.01), np.float32(0.2), np.float32(-0.03), np.float32(-0.3)]'], // NumPy 2's list(obs)
    ['[0.01, 0.2, -0.03, -0.3],'], // a trailing comma, as a copied line or a tuple's echo ends
    ['([0.01, 0.2, -0.03, -0.3],)'],
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
    ['array([[0.1, 0.2, 0, 0], [0.3, 0.4, 0, 0]], dtype=float32)', 'more than one observation (give one state)'],
    ['array([0.1, 0.2, 0, 0]', '"array([0.1" at position 1'],
    // Number() would read these; a pasted state never means them.
    ['0x10,0,0,0', '"0x10" at position 1'],
    ['0,0b1,0,0', '"0b1" at position 2'],
    // The dashboard's limit: 1e40 reached the network as Infinity and gave NaN Q-values.
    ['1e40,0,0,0', '1e40 at position 1 is beyond |x| ≤ 1e9'],
    ['0,0,0,-2e9', '-2e9 at position 4 is beyond |x| ≤ 1e9'],
  ])('refuses %j: %s', (raw, why) => {
    expect(() => parseState(raw, NAMES)).toThrow(`Invalid --state: ${why} ${ALLOWED}`);
  });
});
