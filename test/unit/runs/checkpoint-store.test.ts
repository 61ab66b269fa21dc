import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCheckpoints, openCheckpoint, saveCheckpoint } from '../../../src/runs/checkpoint-store.ts';

const tmpRun = () => mkdtempSync(join(tmpdir(), 'qlens-cp-'));

describe('checkpoint store', () => {
  it('saves, lists newest first, keeps the last N, and reads back verified files', () => {
    const dir = tmpRun();
    for (const step of [100, 200, 300, 400]) saveCheckpoint(dir, step, { 'a.json': { step }, 'b.bin': new Uint8Array([step % 256, 1, 2]) }, 3);
    expect(listCheckpoints(dir)).toEqual([400, 300, 200]);
    const cp = openCheckpoint(dir);
    expect(cp.step).toBe(400);
    expect(cp.readJson('a.json')).toEqual({ step: 400 });
    expect(Array.from(cp.read('b.bin'))).toEqual([400 % 256, 1, 2]);
  });

  it('ignores an incomplete checkpoint left by a killed writer', () => {
    const dir = tmpRun();
    saveCheckpoint(dir, 10, { 'x.json': { ok: true } });
    mkdirSync(join(dir, 'checkpoints', '.tmp-20-99999'));
    writeFileSync(join(dir, 'checkpoints', '.tmp-20-99999', 'x.json'), '{"ok": tr');
    expect(listCheckpoints(dir)).toEqual([10]);
    expect(openCheckpoint(dir).readJson('x.json')).toEqual({ ok: true });
    saveCheckpoint(dir, 30, { 'x.json': { ok: 2 } });
    expect(readdirSync(join(dir, 'checkpoints')).sort()).toEqual(['10', '30']);
  });

  it('names the corrupted file', () => {
    const dir = tmpRun();
    const path = saveCheckpoint(dir, 5, { 'weights.bin': new Uint8Array([1, 2, 3, 4]) });
    writeFileSync(join(path, 'weights.bin'), new Uint8Array([1, 2, 3, 5]));
    expect(() => openCheckpoint(dir)).toThrow(`${join(path, 'weights.bin')}: corrupted (size or checksum differs from manifest.json)`);
  });

  it('rejects a foreign manifest and an empty run with clear messages', () => {
    const dir = tmpRun();
    const path = saveCheckpoint(dir, 5, { 'a.json': {} });
    writeFileSync(join(path, 'manifest.json'), JSON.stringify({ format: 'something-else' }));
    expect(() => openCheckpoint(dir)).toThrow(`${join(path, 'manifest.json')}: not a qlens-checkpoint file (found "something-else")`);
    const empty = tmpRun();
    expect(() => openCheckpoint(empty)).toThrow(`${empty}: no checkpoint to resume from (checkpoints/ is empty)`);
  });
});
