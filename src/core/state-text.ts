/**
 * One observation as people paste it (`qlens explain --state`, the Inspector's "As text" field). Besides `0.01,0.2,-0.03,-0.3`, a vector copied
 * from Python or NumPy: `[0.01, 0.2, -0.03, -0.3]`, `(0.01, 0.2, -0.03, -0.3)`, NumPy's `print`
 * `[ 0.01  0.2  -0.03 -0.3 ]` (spaces, no commas, line breaks when long), its REPL echo
 * `array([0.01, 0.2, -0.03, -0.3], dtype=float32)` or PyTorch's `tensor([…])`, and a batch of one
 * (`[[…]]`, as a vectorized env's observation prints), and NumPy 2's `list(obs)`
 * (`[np.float32(0.01), …]`). Values are decimal numbers within the dashboard's limit (|x| ≤ 1e9,
 * observation-limit.ts: 1e40 reached the network as Infinity and printed NaN Q-values). Anything else is refused with one line naming
 * what is wrong and the features expected, in order.
 */
import { ConfigError } from './errors.ts';
import { featureInLimit, MAX_ABS_FEATURE_TEXT } from './observation-limit.ts';

const CLOSING: Readonly<Record<string, string>> = { '[': ']', '(': ')' };
/** A decimal number as Python prints one (no hex, binary or digit separators, which `Number` would read). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
/** NumPy 2's repr of a scalar: `np.float32(0.01)`. */
const NUMPY_SCALAR = /^(?:np|numpy)\.(?:float(?:16|32|64)|int(?:8|16|32|64))\((.*)\)$/;

export function parseState(raw: string, featureNames: readonly string[]): Float64Array {
  // `invalid` keeps the parts: the Inspector names them its own way (no --state there).
  const fail = (why: string): never => {
    throw ConfigError.invalidValue('state', why, `${featureNames.length} finite numbers separated by commas and/or spaces, optionally in [ ] or ( ): ${featureNames.join(', ')}`, '--state');
  };
  // A trailing comma after the brackets, as a tuple's echo ends: `([…],)` unwrapped, or a copied line.
  const text = withoutArrayCall(raw.trim()).replace(/^([[(][\s\S]*[\])]),\s*$/, '$1');
  const parts = splitValues(unwrapBatchOfOne(unwrap(text, fail), fail), fail).map((p) => NUMPY_SCALAR.exec(p)?.[1] ?? p);
  const values = parts.map((p) => (DECIMAL.test(p) ? Number(p) : Number.NaN));
  const bad = parts.findIndex((p, i) => !Number.isFinite(values[i]));
  if (bad >= 0) fail(`${JSON.stringify(parts[bad])} at position ${bad + 1}`);
  const huge = values.findIndex((v) => !featureInLimit(v));
  if (huge >= 0) fail(`${parts[huge]} at position ${huge + 1} is beyond |x| ≤ ${MAX_ABS_FEATURE_TEXT}`);
  if (parts.length !== featureNames.length) fail(`${parts.length} value${parts.length === 1 ? '' : 's'}`);
  return Float64Array.from(values);
}

/** NumPy's `array(…, dtype=float32)` and PyTorch's `tensor(…)` echo: the `…`. */
function withoutArrayCall(text: string): string {
  // Keyword arguments after the values (dtype=float32, device='cuda:0', grad_fn=<SliceBackward0>) go with the call.
  const call = /^(?:(?:np|numpy|torch)\.)?(?:array|tensor)\(([\s\S]*?)(?:,\s*[a-z_]+\s*=[\s\S]*)?\)$/.exec(text);
  return call ? call[1]!.trim() : text;
}

/** `[…]` inside the outer brackets: a batch of one observation, whose row is the state. */
function unwrapBatchOfOne(text: string, fail: (why: string) => never): string {
  if (!text.startsWith('[')) return text;
  const row = unwrap(text.replace(/,\s*$/, ''), fail);
  if (row.includes('[')) fail('more than one observation (give one state)');
  return row;
}

/** The text inside one pair of brackets, or the text itself when it has none. */
function unwrap(text: string, fail: (why: string) => never): string {
  const close = CLOSING[text[0] ?? ''];
  if (close === undefined) return text;
  if (!text.endsWith(close)) fail(`${JSON.stringify(text[0])} without a closing ${JSON.stringify(close)}`);
  return text.slice(1, -1).trim();
}

/**
 * The values between separators: a comma (with any spaces around it) or a run of spaces. Two commas
 * in a row leave an empty value, refused by position: a dropped number must not shift the others.
 */
function splitValues(text: string, fail: (why: string) => never): string[] {
  if (text === '') return [];
  const parts = text.split(/\s*,\s*|\s+/);
  const empty = parts.indexOf('');
  if (empty >= 0) fail(`an empty value at position ${empty + 1}`);
  return parts;
}
