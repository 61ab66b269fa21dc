/**
 * Reads a TensorBoard event file back for tests: the TFRecord framing with its checksums verified,
 * then the Event and Summary fields qlens writes (wall_time, step, file_version, scalar values).
 */
import { expect } from 'vitest';
import { maskedCrc } from '../../../src/runs/tfevents.ts';

export interface ReadEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values: { tag: string; value: number }[];
}

/** Reads an event file back: TFRecord framing (checksums verified), then Event/Summary fields. */
export function readEventFile(bytes: Uint8Array): ReadEvent[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: ReadEvent[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = Number(view.getBigUint64(at, true));
    expect(view.getUint32(at + 8, true)).toBe(maskedCrc(bytes.subarray(at, at + 8)));
    const data = bytes.subarray(at + 12, at + 12 + length);
    expect(view.getUint32(at + 12 + length, true)).toBe(maskedCrc(data));
    events.push(readEvent(data));
    at += 16 + length;
  }
  return events;
}

function readEvent(data: Uint8Array): ReadEvent {
  const event: ReadEvent = { wallTime: 0, step: 0, values: [] };
  for (const f of fields(data)) {
    if (f.field === 1) event.wallTime = f.view.getFloat64(0, true);
    else if (f.field === 2) event.step = f.varint;
    else if (f.field === 3) event.fileVersion = new TextDecoder().decode(f.bytes);
    else if (f.field === 5) {
      for (const v of fields(f.bytes)) {
        const value = { tag: '', value: Number.NaN };
        for (const g of fields(v.bytes)) {
          if (g.field === 1) value.tag = new TextDecoder().decode(g.bytes);
          if (g.field === 2) value.value = g.view.getFloat32(0, true);
        }
        event.values.push(value);
      }
    }
  }
  return event;
}

function* fields(data: Uint8Array): Generator<{ field: number; varint: number; bytes: Uint8Array; view: DataView }> {
  let at = 0;
  const varint = () => {
    let v = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = data[at++]!;
      v += (b & 0x7f) * shift;
      if (b < 0x80) return v;
    }
  };
  while (at < data.length) {
    const key = varint();
    const wire = key % 8;
    let bytes: Uint8Array = new Uint8Array();
    let value = 0;
    if (wire === 0) value = varint();
    else {
      const size = wire === 1 ? 8 : wire === 5 ? 4 : varint();
      bytes = data.subarray(at, at + size);
      at += size;
    }
    yield { field: Math.floor(key / 8), varint: value, bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
}
