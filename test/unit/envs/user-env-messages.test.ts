/**
 * What a user's environment module hears when it gets something wrong: one line naming the field,
 * what it is and what is allowed. A frame the canvas cannot draw, a list of the wrong length and a
 * module without a default export each name the declaration that disagrees.
 */
import { describe, expect, it } from 'vitest';
import { envModuleFiles } from './env-module-files.ts';
import { listEnvs, loadEnvModule, make } from '../../../envs/index.ts';
import type { Shape } from '../../../src/core/env.ts';
import { frameFromYUp, frameProblem } from '../../../envs/draw.ts';
import { defaultExport } from '../../../envs/env-module.ts';

const { moduleFile, envModule } = envModuleFiles('qlens-user-env-messages-');

const SHAPES = 'polygon { points, fill }, circle { cx, cy, r, fill }, line { points, stroke, width }';
const DOT = "{ type: 'circle', cx: 50, cy: 50, r: 5, fill: '#1f77b4' }";

describe("a user env's render()", () => {
  it('refuses shapes the canvas does not draw at import, naming the shape and the shapes it draws', async () => {
    // The reviewer's env: a rect and a text, which the canvas skipped, recording a blank GIF.
    const file = envModule('rect.js', 'Rect-v0', "render() { return { width: 200, height: 100, shapes: [{ type: 'rect', x: 0, y: 0, w: 10, h: 10, fill: 'red' }, { type: 'text', text: 'hi', x: 5, y: 5 }] }; }");
    await expect(loadEnvModule(file)).rejects.toThrow(new RegExp(`^Rect-v0 \\(.*rect\\.js\\): render\\(\\) returned shapes\\[0\\]\\.type "rect" \\(allowed: ${escape(SHAPES)}\\)$`));
    expect(listEnvs()).not.toContain('Rect-v0');
  });

  it('names the shape index, the field, its value and the allowed values', async () => {
    const cases: [string, string][] = [
      [`{ width: 200, height: 100, shapes: [${DOT}, { type: 'circle', cx: 1, cy: 2, r: 3, fill: 'blu' }] }`,
        'render() returned shapes[1].fill "blu" (allowed: a CSS colour: a name such as "red", #rgb, #rrggbb, #rrggbbaa, rgb(…), rgba(…), hsl(…) or hsla(…))'],
      [`{ width: 200, height: 100, shapes: [{ type: 'circle', cx: NaN, cy: 2, r: 3, fill: 'red' }] }`, 'render() returned shapes[0].cx NaN (allowed: a finite number of pixels)'],
      [`{ width: 200, height: 100, shapes: [{ type: 'circle', cx: 1, cy: 2, r: -3, fill: 'red' }] }`, 'render() returned shapes[0].r -3 (allowed: a finite number of pixels >= 0, the radius)'],
      [`{ width: 200, height: 100, shapes: [{ type: 'circle', cx: 1, cy: 2, fill: 'red' }] }`, 'render() returned shapes[0].r undefined (allowed: a finite number of pixels >= 0, the radius)'],
      [`{ width: 200, height: 100, shapes: [{ type: 'circle', cx: 1, cy: 2, r: 3, color: 'red' }] }`,
        'render() returned shapes[0] (circle) has key "color", which draws nothing (allowed: type, cx, cy, r, fill)'],
      [`{ width: 200, height: 100, shapes: [{ type: 'line', points: [[0, 0], [1, 1]], stroke: 'red', width: 0 }] }`, "render() returned shapes[0].width 0 (allowed: a finite number of pixels > 0, the line's width)"],
      [`{ width: 200, height: 100, shapes: [{ type: 'line', points: [[0, 0]], stroke: 'red', width: 1 }] }`, 'render() returned shapes[0].points [[0,0]] (allowed: a list of at least 2 [x, y] points in pixels)'],
      [`{ width: 200, height: 100, shapes: [{ type: 'polygon', points: [[0, 0], [1, 1], [2, '0']], fill: 'red' }] }`, 'render() returned shapes[0].points[2] [2,"0"] (allowed: [x, y], two finite numbers of pixels)'],
      [`{ width: 200, height: 100, shapes: [{ type: 'circl', cx: 1, cy: 2, r: 3, fill: 'red' }] }`, `render() returned shapes[0].type "circl" (did you mean circle? allowed: ${SHAPES})`],
      [`{ width: 200, height: 100, shapes: [null] }`, `render() returned shapes[0] null (allowed: one of ${SHAPES})`],
      [`{ width: Infinity, height: 100, shapes: [] }`, 'render() returned width Infinity (allowed: a number of pixels from 1 to 16384)'],
      [`{ width: 200, height: 100 }`, `render() returned shapes undefined (allowed: a list of shapes, each one of ${SHAPES})`],
      [`{ width: 200, height: 100, shapes: [], background: 'red' }`, 'render() returned a frame with key "background", which draws nothing (allowed: width, height, shapes)'],
      [`[${DOT}]`, 'render() returned [{"type":"circle","cx":50,"cy":50,"r":5,"fill":"#1f77b4"}] (allowed: { width, height, shapes: [...] }, each shape one of polygon'],
    ];
    for (const [i, [frame, message]] of cases.entries()) {
      await expect(loadEnvModule(envModule(`frame-${i}.js`, `Frame${i}-v0`, `render() { return ${frame}; }`)), frame).rejects.toThrow(message);
    }
  });

  it('takes every shape, field and colour form the canvas draws, and every built-in env frame', async () => {
    const shapes = `[
      { type: 'polygon', points: [[0, 0], [10, 0], [5, 8]], fill: 'RebeccaPurple' },
      { type: 'circle', cx: 20, cy: 20, r: 0, fill: '#abc' },
      { type: 'circle', cx: 20, cy: 20, r: 4.5, fill: 'rgba(10, 20, 30, 0.5)' },
      { type: 'circle', cx: 20, cy: 20, r: 4, fill: 'hsl(120deg 50% 50% / 50%)' },
      { type: 'line', points: [[0, 0], [-5, 1e3]], stroke: '#11223344', width: 0.5 },
    ]`;
    await loadEnvModule(envModule('good-frame.js', 'GoodFrame-v0', `render() { return { width: 120.5, height: 80, shapes: ${shapes} }; }`));
    const env = make('GoodFrame-v0');
    env.reset({ seed: 0 });
    expect(env.render().shapes).toHaveLength(5);
    for (const id of ['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1', 'FlappyBird-v0']) {
      const builtIn = make(id);
      builtIn.reset({ seed: 0 });
      expect(frameProblem(builtIn.render()), id).toBeNull();
    }
  });

  it("stops a built-in env's drawing code that makes a shape the canvas does not know, rather than drawing nothing", () => {
    expect(() => frameFromYUp(10, 10, [{ type: 'rect' } as unknown as Shape])).toThrow(`frameFromYUp: unknown shape type "rect" (allowed: polygon, circle, line)`);
  });
});

describe("a user env's lengths", () => {
  it('names observationSpace when featureNames disagree with it: either may be the wrong one', async () => {
    const file = envModule('three-names.js', 'ThreeNames-v0', 'reset() { return { observation: [0, 1, 2] }; }', "featureNames: ['a', 'b', 'c']");
    await expect(loadEnvModule(file)).rejects.toThrow(
      /ThreeNames-v0 \(.*\): featureNames has 3 names, but observationSpace\.low\/high have 2 bounds \(allowed: 2 names, or 3 bounds in observationSpace\.low\/high\)$/,
    );
    await expect(loadEnvModule(envModule('three-actions.js', 'ThreeActions-v0', '', "actionNames: ['l', 'r', 'stay']"))).rejects.toThrow(
      'actionNames has 3 names, but actionSpace.n is 2 (allowed: 2 names, or actionSpace.n = 3)',
    );
  });

  it("says an observation's length disagrees with observationSpace.low/high, and how long they are", async () => {
    const file = envModule('three-values.js', 'ThreeValues-v0', 'step() { return { observation: [0, 1, 2], reward: 0, terminated: false, truncated: false }; }', "featureNames: ['position', 'goal']");
    await expect(loadEnvModule(file)).rejects.toThrow(
      "step() returned observation [0,1,2] with 3 values, but observationSpace.low/high have 2 (allowed: 2 finite numbers within float32's ±3.4e38, one per observationSpace.low/high bound: position, goal)",
    );
    const bounds = envModule('bounds.js', 'Bounds-v0', 'observationSpace = { low: [0, 0], high: [1, 1, 1] };');
    await expect(loadEnvModule(bounds)).rejects.toThrow('observationSpace.low has 2 values and observationSpace.high 3 (allowed: { low: [...], high: [...] }, one bound per observation value');
  });
});

describe('a module without a default export', () => {
  it('names the named exports it found and what the default export must be', async () => {
    const file = moduleFile('named.js', "export const env = { id: 'Named-v0', create: () => ({}) };\nexport const version = 2;");
    await expect(loadEnvModule(file)).rejects.toThrow(
      /named\.js has no default export \(found named exports env, version; allowed: export default \{ id, create, … \} or a list of them, e\.g\. export default env; see README "Your own environment"\)$/,
    );
  });

  it('is not mistaken for one when tsx compiled the module to CommonJS (the compiled CLI imports it so)', () => {
    const env = { id: 'Named-v0' };
    // `module.exports`, marked __esModule, is what plain JavaScript gets as the default export.
    expect(defaultExport({ default: { __esModule: true, env }, env })).toEqual({ found: false, named: ['env'], meant: 'env' });
    expect(defaultExport({ default: { __esModule: true, default: env, other: 1 }, other: 1 })).toEqual({ found: true, value: env });
    expect(defaultExport({ default: [env] })).toEqual({ found: true, value: [env] });
    expect(defaultExport({ default: undefined })).toEqual({ found: true, value: undefined }); // `export default undefined`: refused as a registration
    expect(defaultExport({ a: 1, b: 'x' })).toEqual({ found: false, named: ['a', 'b'] });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
