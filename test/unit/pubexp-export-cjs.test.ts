/** The code exporter's CommonJS form (for `.cjs` files): same functions, `module.exports` instead of `export`, JavaScript only. */
import { describe, expect, it } from 'vitest';
import { exportCode } from '../../src/explain/index.ts';
import { handTree } from './explain/fixtures.ts';

describe('exportCode({ module: "commonjs" })', () => {
  it('exports through module.exports, with no ES module syntax', () => {
    const source = exportCode(handTree(), { module: 'commonjs' });
    expect(source).not.toMatch(/^\s*(export|import)\b/m);
    expect(source.trimEnd().split('\n').at(-1)).toBe('module.exports = { featureNames, actionNames, qValues, act };');
    // The rest is the ES module's code, line for line.
    expect(source.replace('\nmodule.exports = { featureNames, actionNames, qValues, act };\n', '')).toBe(exportCode(handTree()).replace(/^export /gm, ''));
  });

  it('is refused for TypeScript and Python, naming the field', () => {
    expect(() => exportCode(handTree(), { language: 'ts', module: 'commonjs' })).toThrow('Invalid module: "commonjs" with language ts (allowed: only with language js)');
    expect(() => exportCode(handTree(), { language: 'py', module: 'commonjs' })).toThrow('Invalid module: "commonjs" with language py (allowed: only with language js)');
  });
});
