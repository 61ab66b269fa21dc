/**
 * Tiny drawing vocabulary for `render()`. The envs build their shapes in the same coordinates as
 * Gymnasium's pygame code (origin bottom-left, y up, because Gymnasium flips the surface at the
 * end), and `frameFromYUp` converts to the `Frame` convention (origin top-left, y down).
 */
import type { Frame, Shape } from '../src/core/env.ts';

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
      }
    }),
  };
}
