/**
 * Draws an environment `Frame` (plain polygons, circles and lines in frame pixels, y down) on a
 * canvas, scaled to the canvas's displayed size and sharp on high-density screens.
 */
import type { Frame } from '../src/server/dto.ts';

/** The most a frame is shown tall, in CSS pixels: a portrait game (FlappyBird) would otherwise fill screens. */
const MAX_DISPLAY_HEIGHT = 520;

/** Sizes the canvas backing store to its CSS box × devicePixelRatio, keeping the frame's aspect ratio. */
export function fitCanvas(canvas: HTMLCanvasElement, frame: Frame): void {
  canvas.style.aspectRatio = `${frame.width} / ${frame.height}`;
  canvas.style.maxWidth = `${Math.round((MAX_DISPLAY_HEIGHT * frame.width) / frame.height)}px`;
  const dpr = window.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth || frame.width;
  const width = Math.round(cssWidth * dpr);
  const height = Math.round(((cssWidth * frame.height) / frame.width) * dpr);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
}

export function drawFrame(canvas: HTMLCanvasElement, frame: Frame): void {
  fitCanvas(canvas, frame);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  paintFrame(ctx, frame, canvas.width / frame.width);
}

/** Paints `frame` at `scale` canvas pixels per frame pixel from the context's top left, on white. */
export function paintFrame(ctx: CanvasRenderingContext2D, frame: Frame, scale: number): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff'; // Gymnasium's classic-control background
  ctx.fillRect(0, 0, Math.round(frame.width * scale), Math.round(frame.height * scale));
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  for (const shape of frame.shapes) {
    ctx.beginPath();
    switch (shape.type) {
      case 'polygon':
        shape.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
        ctx.closePath();
        ctx.fillStyle = shape.fill;
        ctx.fill();
        break;
      case 'circle':
        ctx.arc(shape.cx, shape.cy, shape.r, 0, 2 * Math.PI);
        ctx.fillStyle = shape.fill;
        ctx.fill();
        break;
      case 'line':
        shape.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
        ctx.strokeStyle = shape.stroke;
        ctx.lineWidth = shape.width;
        ctx.lineJoin = 'round';
        ctx.stroke();
        break;
    }
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
