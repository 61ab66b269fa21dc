/** A tiny server-sent events client for tests: parses the stream and waits for what a test expects. */
import { type IncomingMessage, get } from 'node:http';

export interface SseMessage {
  event: string;
  id?: string;
  data: unknown;
}

export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  ended = false;
  status = 0;
  private buffer = '';
  private waiters: (() => void)[] = [];
  private res?: IncomingMessage;
  private req?: ReturnType<typeof get>;

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.req = get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
        client.res = res;
        client.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.feed(chunk));
        res.on('end', () => {
          client.ended = true;
          client.wake();
        });
        resolve(client);
      });
      client.req.on('error', reject);
    });
  }

  get events(): SseMessage[] {
    return this.messages;
  }

  /** Resolves once `check()` holds (re-checked on every message), or rejects after `ms`. */
  until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.map((m) => m.event))}`)), ms);
      const waiter = () => {
        if (check()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(waiter);
      };
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.req?.destroy();
    this.res?.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let split: number;
    while ((split = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, split);
      this.buffer = this.buffer.slice(split + 2);
      const msg: Partial<SseMessage> & { dataText?: string } = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('event: ')) msg.event = line.slice(7);
        else if (line.startsWith('id: ')) msg.id = line.slice(4);
        else if (line.startsWith('data: ')) msg.dataText = line.slice(6);
      }
      if (msg.dataText !== undefined) this.messages.push({ event: msg.event ?? 'message', id: msg.id, data: JSON.parse(msg.dataText) });
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
