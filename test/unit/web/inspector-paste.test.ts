/**
 * The Inspector's state as text: a pasted state is read as `qlens explain --state` reads it, the
 * refusals name what is wrong with the env's features as the sliders name them, and the text the
 * Copy button gives reads back to the very same numbers (in the field and in the CLI's parser).
 */
import { describe, expect, it } from 'vitest';
import { parseState } from '../../../src/core/state-text.ts';
import { readState, stateText } from '../../../web/views/inspector-paste.ts';

const CARTPOLE = ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'];
const ALLOWED = 'allowed: 4 finite numbers separated by commas and/or spaces, optionally in [ ] or ( ): cart position, cart velocity, pole angle, pole angular velocity';

describe('readState', () => {
  it('reads what Python, NumPy, PyTorch and the CLI print', () => {
    const want = { state: [0.01, -0.2, 0.03, 0.1] };
    for (const text of [
      '[0.01, -0.2, 0.03, 0.1]',
      'array([ 0.01, -0.2 ,  0.03,  0.1 ], dtype=float32)',
      'tensor([0.0100, -0.2000, 0.0300, 0.1000])',
      '[np.float32(0.01), np.float32(-0.2), np.float32(0.03), np.float32(0.1)]',
      '[ 0.01  -0.2   0.03   0.1 ]',
      '[[0.01, -0.2, 0.03, 0.1]]',
      '0.01,-0.2,0.03,0.1',
      '  (0.01, -0.2, 0.03, 0.1)\n',
    ]) {
      expect(readState(text, CARTPOLE), text).toEqual(want);
    }
  });

  it('names the feature count and names on a wrong length', () => {
    expect(readState('[0.01, -0.2, 0.03]', CARTPOLE)).toEqual({ error: `Could not read that state: 3 values (${ALLOWED}). The state is unchanged.` });
    expect(readState('', CARTPOLE)).toEqual({ error: `Could not read that state: 0 values (${ALLOWED}). The state is unchanged.` });
  });

  it('names a value that is no number, and one beyond the limit, by position', () => {
    expect(readState('[0.01, nan, 0.03, 0.1]', CARTPOLE)).toEqual({ error: `Could not read that state: "nan" at position 2 (${ALLOWED}). The state is unchanged.` });
    expect(readState('[0.01, 0.2, 1e12, 0.1]', CARTPOLE)).toEqual({ error: `Could not read that state: 1e12 at position 3 is beyond |x| ≤ 1e9 (${ALLOWED}). The state is unchanged.` });
    expect(readState('[[1, 2, 3, 4], [5, 6, 7, 8]]', CARTPOLE)).toEqual({ error: `Could not read that state: more than one observation (give one state) (${ALLOWED}). The state is unchanged.` });
  });
});

describe('stateText', () => {
  it('is a Python list that the field and `qlens explain --state` read back to the same numbers', () => {
    // A float32 observation widened to float64 (as the server sends them), a tiny value, a negative zero's neighbour.
    const obs = [Math.fround(0.9997429847717285), -1e-7, 0.02, -2.4];
    const text = stateText(obs);
    expect(text).toBe('[0.9997429847717285, -1e-7, 0.02, -2.4]');
    expect(readState(text, CARTPOLE)).toEqual({ state: obs });
    expect(Array.from(parseState(text, CARTPOLE))).toEqual(obs);
  });
});
