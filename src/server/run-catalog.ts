/**
 * Which run directories the dashboard may show, and their API ids.
 *
 * The catalog scans the configured runs folders, the pretrained agents folder and the live runs,
 * and maps each directory that holds a `config.json` to an opaque id (its folder name, made
 * URL-safe and unique). Requests only ever look ids up in this map: user input is never joined
 * into a path, so no id can reach a file outside these folders.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isFolder } from '../core/read-file.ts';
import { RUN_FILES } from '../runs/run-files.ts';
import type { RunSource } from './dto.ts';
import { notFound } from './http-error.ts';
import type { LiveRuns } from './live-runs.ts';

export interface RunEntry {
  id: string;
  /** Absolute directory. */
  dir: string;
  name: string;
  /** `run` or `pretrained`; `live` is decided per request (a live run ends). */
  origin: Exclude<RunSource, 'live'>;
}

export interface CatalogOptions {
  runsDirs: readonly string[];
  agentsDir?: string | null;
  liveRuns?: LiveRuns;
  /** Rescan at most this often (ms); a miss always rescans, so a new run is found at once. */
  ttlMs?: number;
}

export class RunCatalog {
  private byId = new Map<string, RunEntry>();
  private scannedAt = -Infinity;

  constructor(private readonly options: CatalogOptions) {}

  list(): RunEntry[] {
    if (performance.now() - this.scannedAt > (this.options.ttlMs ?? 1000)) this.scan();
    return [...this.byId.values()];
  }

  /** The entry for `id`, or a 404 that says where to find valid ids. */
  get(id: string): RunEntry {
    let entry = this.byId.get(id);
    if (!entry) {
      this.scan();
      entry = this.byId.get(id);
    }
    if (!entry) throw notFound(`no run with id ${JSON.stringify(id)} (GET /api/runs lists them)`);
    return entry;
  }

  private scan(): void {
    const found: Omit<RunEntry, 'id'>[] = [];
    const seen = new Set<string>();
    const add = (dir: string, origin: RunEntry['origin']) => {
      const abs = resolve(dir);
      if (seen.has(abs) || !existsSync(join(abs, RUN_FILES.config))) return;
      seen.add(abs);
      found.push({ dir: abs, name: basename(abs), origin });
    };
    for (const live of this.options.liveRuns?.list() ?? []) add(live.dir, 'run');
    for (const root of this.options.runsDirs) for (const dir of subdirectories(root)) add(dir, 'run');
    if (this.options.agentsDir) for (const dir of subdirectories(this.options.agentsDir)) add(dir, 'pretrained');

    // Ids stay the same across scans for the same directory, so open pages keep working.
    const previous = new Map([...this.byId.values()].map((e) => [e.dir, e.id]));
    const next = new Map<string, RunEntry>();
    const taken = new Set([...previous.values()].filter((id) => found.some((f) => previous.get(f.dir) === id)));
    for (const f of found) {
      let id = previous.get(f.dir);
      if (!id) {
        const base = `${f.origin === 'pretrained' ? 'pretrained~' : ''}${safeId(f.name)}`;
        id = base;
        for (let i = 2; taken.has(id); i++) id = `${base}~${i}`;
        taken.add(id);
      }
      next.set(id, { ...f, id });
    }
    this.byId = next;
    this.scannedAt = performance.now();
  }
}

/** Folder names made URL-safe; the result matches `runIdSchema`. A run's id unless two folders share it (`qlens train --seeds` prints Compare links with it). */
export function safeId(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._~-]/g, '_').replace(/^\.+/, '_').slice(0, 180);
  return s || 'run';
}

/** Subdirectories of `root`, sorted by name; a missing folder is just empty. */
function subdirectories(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => join(root, name))
    .filter(isFolder);
}
