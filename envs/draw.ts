/**
 * Tiny drawing vocabulary for `render()`. The envs build their shapes in the same coordinates as
 * Gymnasium's pygame code (origin bottom-left, y up, because Gymnasium flips the surface at the
 * end), and `frameFromYUp` converts to the `Frame` convention (origin top-left, y down).
 */
import type { Frame, Shape } from '../src/core/env.ts';
import { closestKey, guessThenAllowed } from '../src/core/config.ts';
import { showValue } from './checks.ts';

export type Point = [number, number];

/** pygame's `Vector2(x, y).rotate_rad(angle)`: counter-clockwise rotation about the origin. */
export function rotate(x: number, y: number, angle: number): Point {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [x * c - y * s, x * s + y * c];
}

/** A CSS colour from pygame's `(r, g, b)` tuple. */
export function rgb(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Flips every y of shapes drawn with y up (pygame before `transform.flip`) into a y-down Frame. */
export function frameFromYUp(width: number, height: number, shapes: Shape[]): Frame {
  const flip = (points: Point[]): Point[] => points.map(([x, y]) => [x, height - y]);
  return {
    width,
    height,
    shapes: shapes.map((shape): Shape => {
      switch (shape.type) {
        case 'polygon':
          return { ...shape, points: flip(shape.points) };
        case 'line':
          return { ...shape, points: flip(shape.points) };
        case 'circle':
          return { ...shape, cy: height - shape.cy };
        default:
          // A shape of a type the drawing code does not know would be drawn as nothing.
          throw new TypeError(`frameFromYUp: unknown shape type ${showValue((shape as { type?: unknown }).type)} (allowed: ${SHAPE_TYPES.join(', ')})`);
      }
    }),
  };
}

/** Each shape `Frame` draws (src/core/env.ts `Shape`) and its fields after `type`, as messages list them. */
const SHAPE_FIELDS = { polygon: ['points', 'fill'], circle: ['cx', 'cy', 'r', 'fill'], line: ['points', 'stroke', 'width'] } as const;
const SHAPE_TYPES = Object.keys(SHAPE_FIELDS) as (keyof typeof SHAPE_FIELDS)[];
/** `polygon { points, fill }, circle { cx, cy, r, fill }, line { points, stroke, width }` */
export const SHAPES_TEXT = SHAPE_TYPES.map((t) => `${t} { ${SHAPE_FIELDS[t].join(', ')} }`).join(', ');
/** A frame's side at most, in pixels: a canvas this large draws in every browser, and larger is surely a slip. */
const MAX_SIDE = 16384;

/**
 * What is wrong with a frame a user's `render()` returned, as `field value (allowed: …)`, or null
 * when every shape draws as it says. The canvas ignores what it does not know (a shape type, a
 * colour it cannot parse, a negative line width) and draws nothing for it, so each is refused here.
 */
export function frameProblem(frame: unknown): string | null {
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return `${showValue(frame)} (allowed: { width, height, shapes: [...] }, each shape one of ${SHAPES_TEXT})`;
  const f = frame as Record<string, unknown>;
  for (const key of Object.keys(f)) {
    if (key !== 'width' && key !== 'height' && key !== 'shapes') return unknownKey(key, ['width', 'height', 'shapes'], `a frame with key "${key}", which draws nothing`);
  }
  for (const side of ['width', 'height'] as const) {
    const v = f[side];
    if (typeof v !== 'number' || !(v >= 1 && v <= MAX_SIDE)) return `${side} ${showValue(v)} (allowed: a number of pixels from 1 to ${MAX_SIDE})`;
  }
  if (!Array.isArray(f.shapes)) return `shapes ${showValue(f.shapes)} (allowed: a list of shapes, each one of ${SHAPES_TEXT})`;
  for (const [i, shape] of f.shapes.entries()) {
    const problem = shapeProblem(shape, `shapes[${i}]`);
    if (problem) return problem;
  }
  return null;
}

function shapeProblem(shape: unknown, at: string): string | null {
  if (typeof shape !== 'object' || shape === null || Array.isArray(shape)) return `${at} ${showValue(shape)} (allowed: one of ${SHAPES_TEXT})`;
  const s = shape as Record<string, unknown>;
  const type = s.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPE_FIELDS, type)) {
    const guess = typeof type === 'string' ? closestKey(type, SHAPE_TYPES) : null;
    return `${at}.type ${showValue(type)} ${guessThenAllowed(guess, SHAPES_TEXT)}`;
  }
  const fields: readonly string[] = SHAPE_FIELDS[type as keyof typeof SHAPE_FIELDS];
  for (const key of Object.keys(s)) {
    if (key !== 'type' && !fields.includes(key)) return unknownKey(key, ['type', ...fields], `${at} (${type}) has key "${key}", which draws nothing`);
  }
  for (const field of fields) {
    const v = s[field];
    const where = `${at}.${field} ${showValue(v)}`;
    switch (field) {
      case 'points': {
        const least = type === 'polygon' ? 3 : 2;
        if (!Array.isArray(v) || v.length < least) return `${where} (allowed: a list of at least ${least} [x, y] points in pixels)`;
        const bad = v.findIndex((p) => !Array.isArray(p) || p.length !== 2 || !p.every((c) => typeof c === 'number' && Number.isFinite(c)));
        if (bad >= 0) return `${at}.points[${bad}] ${showValue(v[bad])} (allowed: [x, y], two finite numbers of pixels)`;
        break;
      }
      case 'fill':
      case 'stroke':
        if (!isColour(v)) return `${where} (allowed: a CSS colour: a name such as "red", #rgb, #rrggbb, #rrggbbaa, rgb(…), rgba(…), hsl(…) or hsla(…))`;
        break;
      case 'r':
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${where} (allowed: a finite number of pixels >= 0, the radius)`;
        break;
      case 'width':
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return `${where} (allowed: a finite number of pixels > 0, the line's width)`;
        break;
      default:
        if (typeof v !== 'number' || !Number.isFinite(v)) return `${where} (allowed: a finite number of pixels)`;
    }
  }
  return null;
}

function unknownKey(key: string, allowed: readonly string[], what: string): string {
  const guess = closestKey(key, allowed);
  return `${what} ${guessThenAllowed(guess, allowed.join(', '))}`;
}

// The colours a canvas (a browser's, and @napi-rs/canvas's for GIFs) takes: CSS's names, hex and
// rgb()/hsl() notation, comma- or space-separated. Anything else it ignores, drawing the shape in
// the colour before it.
const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const PERCENT = `${NUMBER}%`;
const ALPHA = `${NUMBER}%?`;
const HUE = `${NUMBER}(?:deg|rad|grad|turn)?`;
const functional = (name: string, a: string, b: string, c: string): string =>
  `${name}a?\\(\\s*(?:${a}\\s*,\\s*${b}\\s*,\\s*${c}\\s*(?:,\\s*${ALPHA}\\s*)?|${a}\\s+${b}\\s+${c}\\s*(?:/\\s*${ALPHA}\\s*)?)\\)`;
const COLOUR = new RegExp(
  `^\\s*(?:#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})|${functional('rgb', NUMBER, NUMBER, NUMBER)}|${functional('rgb', PERCENT, PERCENT, PERCENT)}|${functional('hsl', HUE, PERCENT, PERCENT)})\\s*$`,
  'i',
);
const COLOUR_NAMES = new Set([
  'aliceblue', 'antiquewhite', 'aqua', 'aquamarine', 'azure', 'beige', 'bisque', 'black',
  'blanchedalmond', 'blue', 'blueviolet', 'brown', 'burlywood', 'cadetblue', 'chartreuse',
  'chocolate', 'coral', 'cornflowerblue', 'cornsilk', 'crimson', 'cyan', 'darkblue', 'darkcyan',
  'darkgoldenrod', 'darkgray', 'darkgreen', 'darkgrey', 'darkkhaki', 'darkmagenta', 'darkolivegreen',
  'darkorange', 'darkorchid', 'darkred', 'darksalmon', 'darkseagreen', 'darkslateblue',
  'darkslategray', 'darkslategrey', 'darkturquoise', 'darkviolet', 'deeppink', 'deepskyblue',
  'dimgray', 'dimgrey', 'dodgerblue', 'firebrick', 'floralwhite', 'forestgreen', 'fuchsia',
  'gainsboro', 'ghostwhite', 'gold', 'goldenrod', 'gray', 'green', 'greenyellow', 'grey', 'honeydew',
  'hotpink', 'indianred', 'indigo', 'ivory', 'khaki', 'lavender', 'lavenderblush', 'lawngreen',
  'lemonchiffon', 'lightblue', 'lightcoral', 'lightcyan', 'lightgoldenrodyellow', 'lightgray',
  'lightgreen', 'lightgrey', 'lightpink', 'lightsalmon', 'lightseagreen', 'lightskyblue',
  'lightslategray', 'lightslategrey', 'lightsteelblue', 'lightyellow', 'lime', 'limegreen', 'linen',
  'magenta', 'maroon', 'mediumaquamarine', 'mediumblue', 'mediumorchid', 'mediumpurple',
  'mediumseagreen', 'mediumslateblue', 'mediumspringgreen', 'mediumturquoise', 'mediumvioletred',
  'midnightblue', 'mintcream', 'mistyrose', 'moccasin', 'navajowhite', 'navy', 'oldlace', 'olive',
  'olivedrab', 'orange', 'orangered', 'orchid', 'palegoldenrod', 'palegreen', 'paleturquoise',
  'palevioletred', 'papayawhip', 'peachpuff', 'peru', 'pink', 'plum', 'powderblue', 'purple',
  'rebeccapurple', 'red', 'rosybrown', 'royalblue', 'saddlebrown', 'salmon', 'sandybrown',
  'seagreen', 'seashell', 'sienna', 'silver', 'skyblue', 'slateblue', 'slategray', 'slategrey',
  'snow', 'springgreen', 'steelblue', 'tan', 'teal', 'thistle', 'tomato', 'turquoise', 'violet',
  'wheat', 'white', 'whitesmoke', 'yellow', 'yellowgreen', 'transparent'
]);

function isColour(value: unknown): boolean {
  return typeof value === 'string' && (COLOUR.test(value) || COLOUR_NAMES.has(value.trim().toLowerCase()));
}
