/**
 * A minimal server-sent events writer (the `text/event-stream` format of the HTML standard):
 * named events with an optional id (the browser sends it back as `Last-Event-ID` when it
 * reconnects), heartbeat comments so proxies and the browser keep an idle stream open, and one
 * `close` that stops the timers whichever side hangs up first.
 */
import type { Request, Response } from 'express';

export interface SseOptions {
  /** Milliseconds between `: ping` comments (default 15 s). */
  heartbeatMs?: number;
  /** Milliseconds the browser waits before reconnecting after a drop. */
  retryMs?: number;
}

export class SseStream {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    req: Request,
    private readonly res: Response,
    { heartbeatMs = 15_000, retryMs = 2_000 }: SseOptions = {},
  ) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // no-transform: a compressing proxy would buffer the stream; X-Accel-Buffering: nginx likewise.
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${retryMs}\n\n`);
    this.heartbeat = setInterval(() => this.comment('ping'), heartbeatMs);
    req.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends one event; `data` is JSON-encoded (JSON has no raw newlines, so one `data:` line). */
  send(event: string, data: unknown, id?: string | number): void {
    if (this.closed) return;
    const idLine = id === undefined ? '' : `id: ${id}\n`;
    this.res.write(`event: ${event}\n${idLine}data: ${JSON.stringify(data)}\n\n`);
  }

  comment(text: string): void {
    if (!this.closed) this.res.write(`: ${text}\n\n`);
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Ends the stream (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const listener of this.closeListeners.splice(0)) listener();
    if (!this.res.writableEnded) this.res.end();
  }
}
