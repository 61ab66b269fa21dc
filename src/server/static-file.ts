/**
 * Dashboard files served from memory, each with a gzip copy made once. Why not `res.sendFile`: while
 * `qlens start` trains in the same process, the event loop only turns between training chunks, and
 * streaming the full Plotly (4.8 MB) from disk takes one turn per 64 kB chunk, so the first chart waited ~8 s
 * for it (test/e2e/start.test.ts). One write of the 1.5 MB gzip copy drains in a few turns.
 *
 * The gzip copy is made on libuv's thread pool (zlib.gzip), so making it never blocks the loop.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const gzipAsync = promisify(gzip);

export interface ServedFile {
  raw: Buffer;
  gzip: Buffer;
  /** Strong validator of the content: a reload revalidates with a 304 instead of a download. */
  etag: string;
}

export async function servedFile(content: string | Buffer): Promise<ServedFile> {
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { raw, gzip: await gzipAsync(raw, { level: 6 }), etag: `"${createHash('sha1').update(raw).digest('base64url')}"` };
}

/** Sends `file` (gzip when the client accepts it), with `type` and `cacheControl`; a matching If-None-Match gets a 304. */
export function sendFile(req: Request, res: Response, file: ServedFile, type: string, cacheControl: string): void {
  res.type(type);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', file.etag);
  res.vary('Accept-Encoding');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  const zipped = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  if (zipped) res.setHeader('Content-Encoding', 'gzip');
  res.send(zipped ? file.gzip : file.raw);
}
