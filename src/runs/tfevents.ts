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

/**
 * event.proto: wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), summary = 5
 * (Summary); summary.proto: Summary.value = 1 (repeated Value), Value.tag = 1 (string),
 * simple_value = 2 (float). Sizes are worked out first, so each event is written once into a
 * buffer of its exact length (an export of 250,000 events is written in about a second).
 */
export function encodeEvent({ wallTime, step, fileVersion, scalars }: EventFields): Uint8Array {
  const version = fileVersion === undefined ? null : utf8(fileVersion);
  const values = (scalars ?? []).map(({ tag, value }) => {
    const name = utf8(tag);
    return { name, value, size: 1 + varintSize(name.length) + name.length + 5 };
  });
  const summarySize = values.reduce((total, v) => total + 1 + varintSize(v.size) + v.size, 0);
  // proto3 leaves out a field at its default, as TensorFlow's writers do (the file-version event has no step).
  const size = 9 + (step !== 0 ? 1 + varintSize(step) : 0) + (version ? 1 + varintSize(version.length) + version.length : 0) + (scalars ? 1 + varintSize(summarySize) + summarySize : 0);
  const out = new ProtoWriter(size);
  out.double(1, wallTime);
  if (step !== 0) out.varint(2, step);
  if (version) out.bytesField(3, version);
  if (scalars) {
    out.lengthOf(5, summarySize);
    for (const v of values) {
      out.lengthOf(1, v.size);
      out.bytesField(1, v.name);
      out.float(2, v.value);
    }
  }
  return out.finish();
}

/** Bytes of `value` as a varint. */
function varintSize(value: number): number {
  let n = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) n++;
  return n;
}

/** The protobuf wire format, for the field kinds an Event needs, into a buffer of the event's size. */
class ProtoWriter {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private length = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  double(field: number, value: number): void {
    this.key(field, 1);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  float(field: number, value: number): void {
    this.key(field, 5);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
  }

  varint(field: number, value: number): void {
    this.key(field, 0);
    this.rawVarint(value);
  }

  bytesField(field: number, value: Uint8Array): void {
    this.lengthOf(field, value.length);
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  /** The key and length of a length-delimited field whose `size` bytes the caller writes next (a nested message). */
  lengthOf(field: number, size: number): void {
    this.key(field, 2);
    this.rawVarint(size);
  }

  finish(): Uint8Array {
    if (this.length !== this.bytes.length) throw new Error(`protobuf event: wrote ${this.length} bytes of ${this.bytes.length}`);
    return this.bytes;
  }

  private key(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  /** Non-negative integers up to 2^53 (steps, lengths): seven bits a byte, low first. */
  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`protobuf varint: ${value} is not a whole number ≥ 0`);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }
}

/** Tags repeat in every event: each is encoded once. */
const tagBytes = new Map<string, Uint8Array>();
const encoder = new TextEncoder();

function utf8(text: string): Uint8Array {
  let bytes = tagBytes.get(text);
  if (!bytes) tagBytes.set(text, (bytes = encoder.encode(text)));
  return bytes;
}
