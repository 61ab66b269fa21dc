/**
 * FlappyBird-v0's frame as plain shapes, in the game's own screen pixels (288 × 512, y down):
 * sky, pipe pairs with their lips, the ground, and the bird drawn over its collision box, tilted
 * as upstream shows it (nose-up at most 20°). Upstream blits sprites; shapes keep frames as data.
 */
import type { Frame, Shape } from '../src/core/env.ts';
import { rgb, type Point } from './draw.ts';
import {
  GROUND_Y, PIPE_GAP, PIPE_HEIGHT, PIPE_WIDTH, PLAYER_HEIGHT, PLAYER_ROT_THR, PLAYER_WIDTH, PLAYER_X,
  SCREEN_HEIGHT as HEIGHT, SCREEN_WIDTH as WIDTH,
} from './flappy-bird-constants.ts';

/** The pipe lip's height, about the sprite's. */
const LIP_HEIGHT = 24;

const SKY = rgb(78, 192, 202);
const PIPE = rgb(115, 191, 46);
const PIPE_EDGE = rgb(84, 56, 71);
const GROUND = rgb(222, 216, 149);
const GRASS = rgb(115, 191, 46);
const BIRD = rgb(248, 198, 48);
const WING = rgb(251, 233, 166);
const BEAK = rgb(240, 90, 40);

export interface FlappyBirdScene {
  playerY: number;
  /** Degrees, positive nose-up. */
  rotation: number;
  pipes: { x: number; gapY: number }[];
}

function rect(x: number, y: number, w: number, h: number, fill: string): Shape {
  return { type: 'polygon', points: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]], fill };
}

function outline(x: number, y: number, w: number, h: number): Shape {
  return { type: 'line', points: [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]], stroke: PIPE_EDGE, width: 2 };
}

/**
 * One pipe of a pair: its body, cut to the sky (the frame is all there is to draw on: a GIF puts
 * its caption right below), and on the gap's side a lip slightly wider than the body.
 */
function pipe(x: number, top: number, lipAtBottom: boolean): Shape[] {
  const lipY = lipAtBottom ? top + PIPE_HEIGHT - LIP_HEIGHT : top;
  const bodyTop = Math.max(top, 0);
  const bodyHeight = Math.max(Math.min(top + PIPE_HEIGHT, GROUND_Y) - bodyTop, 0);
  return [
    rect(x, bodyTop, PIPE_WIDTH, bodyHeight, PIPE),
    outline(x, bodyTop, PIPE_WIDTH, bodyHeight),
    rect(x - 3, lipY, PIPE_WIDTH + 6, LIP_HEIGHT, PIPE),
    outline(x - 3, lipY, PIPE_WIDTH + 6, LIP_HEIGHT),
  ];
}

/** The bird's shapes around the centre of its collision box, turned `degrees` counter-clockwise on screen. */
function bird(centreX: number, centreY: number, degrees: number): Shape[] {
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // y points down, so a counter-clockwise turn on screen is (x, y) → (x cos + y sin, −x sin + y cos).
  const place = ([dx, dy]: Point): Point => [centreX + dx * cos + dy * sin, centreY - dx * sin + dy * cos];
  const ellipse = (cx: number, cy: number, rx: number, ry: number): Point[] =>
    Array.from({ length: 20 }, (_, i) => place([cx + rx * Math.cos((i * Math.PI) / 10), cy + ry * Math.sin((i * Math.PI) / 10)]));
  const [eyeX, eyeY] = place([8, -4]);
  const [pupilX, pupilY] = place([10, -4]);
  return [
    { type: 'polygon', points: ellipse(0, 0, PLAYER_WIDTH / 2, PLAYER_HEIGHT / 2), fill: BIRD },
    { type: 'polygon', points: ellipse(-7, 2, 7, 4), fill: WING },
    { type: 'polygon', points: [place([11, 1]), place([21, 3]), place([11, 7])], fill: BEAK },
    { type: 'circle', cx: eyeX, cy: eyeY, r: 5, fill: rgb(255, 255, 255) },
    { type: 'circle', cx: pupilX, cy: pupilY, r: 2, fill: rgb(0, 0, 0) },
  ];
}

export function drawFlappyBird(scene: FlappyBirdScene): Frame {
  const shapes: Shape[] = [rect(0, 0, WIDTH, GROUND_Y, SKY)];
  for (const { x, gapY } of scene.pipes) {
    shapes.push(...pipe(x, gapY - PIPE_HEIGHT, true), ...pipe(x, gapY + PIPE_GAP, false));
  }
  shapes.push(rect(0, GROUND_Y, WIDTH, HEIGHT - GROUND_Y, GROUND), rect(0, GROUND_Y, WIDTH, 10, GRASS));
  const tilt = Math.min(scene.rotation, PLAYER_ROT_THR);
  shapes.push(...bird(PLAYER_X + PLAYER_WIDTH / 2, scene.playerY + PLAYER_HEIGHT / 2, tilt));
  return { width: WIDTH, height: HEIGHT, shapes };
}
