/** The code exporter's CommonJS form (for `.cjs` and `.cts` files): same functions, one `module.exports` (TypeScript: `export =`) instead of `export` on each. */
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

  it('exports TypeScript (a .cts file) with `export =`, its own CommonJS form', () => {
    const source = exportCode(handTree(), { language: 'ts', module: 'commonjs' });
    expect(source.trimEnd().split('\n').at(-1)).toBe('export = { featureNames, actionNames, qValues, act };');
    expect(source.replace('\nexport = { featureNames, actionNames, qValues, act };\n', '')).toBe(exportCode(handTree(), { language: 'ts' }).replace(/^export /gm, ''));
  });

  it('is refused for Python, naming the field', () => {
    expect(() => exportCode(handTree(), { language: 'py', module: 'commonjs' })).toThrow('Invalid module: "commonjs" with language py (allowed: only with language js or ts)');
  });
});
