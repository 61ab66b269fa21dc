/**
 * The dashboard's served files (bundled, gzipped, with their ETags) kept on disk between starts.
 * Bundling web/ with esbuild and gzipping Plotly and the source maps took 0.4-1 s before `qlens
 * start` or `qlens serve` could print its URL; reading them back takes a few milliseconds.
 *
 * One file, `web-assets.bin`, beside the compiled CLI in `node_modules/.cache/qlens/` (or
 * `QLENS_CACHE_DIR`). It lists every file its content came from (the bundle's inputs as esbuild
 * reports them, the page's html, css and favicon, and Plotly) with its size and mtime, and is used
 * only while each is unchanged, as the compiled CLI is (src/cli/compiled.js). It is written to a
 * temporary and renamed, so a reader never sees half of one. It is only a shortcut: a cache that
 * cannot be read or written means building, as without it.
 *
 * Layout: a 4-byte little-endian length, a JSON header of that many bytes, then the files' bytes.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tempPathFor } from '../runs/atomic.ts';
import type { ServedFile } from './static-file.ts';

/** Bumped when the layout or what goes into the files changes. */
const FORMAT = 1;

type Stamp = [path: string, size: number, mtimeMs: number];

interface Header {
  format: number;
  /** What else the content depends on: esbuild's version and the build options. */
  key: string;
  inputs: Stamp[];
  files: Record<string, { raw: [offset: number, length: number]; gzip: [offset: number, length: number]; etag: string }>;
}

function stamp(path: string): Stamp {
  const s = statSync(path);
  return [path, s.size, s.mtimeMs];
}

/** The cached files when `file` holds them for `key` and none of their inputs changed since; else undefined. */
export function readWebAssetCache<Name extends string>(file: string, key: string): Record<Name, ServedFile> | undefined {
  try {
    const bytes = readFileSync(file);
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as Header;
    if (header.format !== FORMAT || header.key !== key) return undefined;
    for (const [path, size, mtimeMs] of header.inputs) {
      const [, nowSize, nowMtime] = stamp(path);
      if (nowSize !== size || nowMtime !== mtimeMs) return undefined;
    }
    const body = 4 + headerLength;
    const slice = ([offset, length]: [number, number]) => {
      if (body + offset + length > bytes.length) throw new Error('truncated');
      return bytes.subarray(body + offset, body + offset + length);
    };
    const files: Record<string, ServedFile> = {};
    for (const [name, f] of Object.entries(header.files)) files[name] = { raw: slice(f.raw), gzip: slice(f.gzip), etag: f.etag };
    return files as Record<Name, ServedFile>;
  } catch {
    return undefined; // missing, unreadable or damaged: build instead
  }
}

/**
 * Writes `files` to `file` for `key`, stamped with `inputs` as they are now. Skipped when an input
 * changed after `builtAt` (an edit during the build: the content may predate it); best effort.
 */
export function writeWebAssetCache(file: string, key: string, inputs: string[], builtAt: number, files: Record<string, ServedFile>): void {
  try {
    const stamps = inputs.map(stamp);
    if (stamps.some(([, , mtimeMs]) => mtimeMs >= builtAt)) return;
    const parts: Buffer[] = [];
    let offset = 0;
    const place = (bytes: Buffer): [number, number] => {
      parts.push(bytes);
      offset += bytes.length;
      return [offset - bytes.length, bytes.length];
    };
    const header: Header = { format: FORMAT, key, inputs: stamps, files: {} };
    for (const [name, f] of Object.entries(files)) header.files[name] = { raw: place(f.raw), gzip: place(f.gzip), etag: f.etag };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(headerBytes.length, 0);

    mkdirSync(dirname(file), { recursive: true });
    const temporary = tempPathFor(file); // no fsync, unlike writeFileAtomic: a cache lost to a crash is only rebuilt
    try {
      writeFileSync(temporary, Buffer.concat([length, headerBytes, ...parts]));
      renameSync(temporary, file);
    } finally {
      rmSync(temporary, { force: true });
    }
  } catch {
    // a read-only or full disk: the next start builds again
  }
}
