/**
 * TensorBoard event files, written without TensorFlow: what SB3's `tensorboard_log` and PyTorch's
 * SummaryWriter produce, so `tensorboard --logdir` shows qlens runs beside Stable-Baselines3 runs.
 *
 * A file is a sequence of TFRecords (little-endian u64 length, masked CRC-32C of the length, the
 * bytes, masked CRC-32C of the bytes), each holding one `Event` protocol buffer
 * (tensorflow/core/util/event.proto): the first names the file version, every other holds scalar
 * summaries (`Summary.Value` with `simple_value`). Only those few fields are written, so the
 * protobuf encoding is done here by hand rather than with a protobuf library and generated code.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '@aws-crypto/crc32c';

export interface Scalar {
  tag: string;
  value: number;
}

/**
 * The file name TensorBoard looks for (`tfevents` in it), as TensorFlow's writers name theirs:
 * `events.out.tfevents.<seconds>.<host>.<tail>` (TensorBoard reads the files of a folder in name order).
 */
export function eventFileName(wallSeconds: number, tail: string): string {
  return `events.out.tfevents.${Math.floor(wallSeconds)}.${hostname()}.${tail}`;
}

/** The header record every event file starts with. */
export function fileVersionRecord(wallSeconds: number): Uint8Array {
  return tfRecord(encodeEvent({ wallTime: wallSeconds, step: 0, fileVersion: 'brain.Event:2' }));
}

/** One event of `scalars` at `step` as a record. */
export function scalarsRecord(step: number, scalars: readonly Scalar[], wallSeconds: number): Uint8Array {
  return tfRecord(encodeEvent({ wallTime: wallSeconds, step, scalars }));
}

/** Appends events to one event file in `logDir` (created by the caller), each record written as it comes. */
export class EventFileWriter {
  readonly path: string;
  private fd: number | null;

  constructor(logDir: string, wallSeconds = Date.now() / 1000) {
    // The process id, as TensorFlow's writers add it: two runs started in the same second stay apart.
    this.path = join(logDir, eventFileName(wallSeconds, `${process.pid}.qlens`));
    this.fd = openSync(this.path, 'wx'); // a new file: never appends into another writer's
    this.write(fileVersionRecord(wallSeconds));
  }

  /** Scalars of one step, as one event (SB3's logger dumps its values the same way). */
  scalars(step: number, scalars: readonly Scalar[], wallSeconds = Date.now() / 1000): void {
    if (scalars.length > 0) this.write(scalarsRecord(step, scalars, wallSeconds));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private write(record: Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.path}: the event file is closed`);
    writeSync(this.fd, record);
  }
}

/** One TFRecord around `data`. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc(data), true);
  return out;
}

/** TFRecord's checksum: CRC-32C, rotated right by 15 bits plus a constant (so a record of CRCs does not checksum itself). */
export function maskedCrc(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

interface EventFields {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars?: readonly Scalar[];
}

/** event.proto: wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), summary = 5 (Summary). */
export function encodeEvent({ wallTime, step, fileVersion, scalars }: EventFields): Uint8Array {
  const out = new ProtoWriter();
  out.double(1, wallTime);
  // proto3 leaves out a field at its default, as TensorFlow's writers do (the file-version event has no step).
  if (step !== 0) out.varint(2, step);
  if (fileVersion !== undefined) out.bytes(3, new TextEncoder().encode(fileVersion));
  if (scalars) {
    // summary.proto: Summary.value = 1 (repeated Value); Value.tag = 1 (string), simple_value = 2 (float).
    const summary = new ProtoWriter();
    for (const { tag, value } of scalars) {
      const v = new ProtoWriter();
      v.bytes(1, new TextEncoder().encode(tag));
      v.float(2, value);
      summary.bytes(1, v.finish());
    }
    out.bytes(5, summary.finish());
  }
  return out.finish();
}

/** The protobuf wire format, for the four field kinds an Event needs. */
class ProtoWriter {
  private readonly parts: number[] = [];

  double(field: number, value: number): void {
    this.key(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.parts.push(...b);
  }

  float(field: number, value: number): void {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.parts.push(...b);
  }

  varint(field: number, value: number): void {
    this.key(field, 0);
    this.rawVarint(value);
  }

  bytes(field: number, value: Uint8Array): void {
    this.key(field, 2);
    this.rawVarint(value.length);
    for (const b of value) this.parts.push(b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }

  private key(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  /** Non-negative integers up to 2^53 (steps, lengths): seven bits a byte, low first. */
  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`protobuf varint: ${value} is not a whole number ≥ 0`);
    let v = value;
    while (v >= 0x80) {
      this.parts.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.parts.push(v);
  }
}
