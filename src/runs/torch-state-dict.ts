/**
 * Reads a PyTorch `state_dict` saved with `torch.save` (the zip format of torch ≥ 1.6: `<prefix>/data.pkl`
 * plus one raw storage file per tensor under `<prefix>/data/`), without Python: a small pickle machine
 * for the opcodes a state_dict uses (protocol 2, as torch writes it; the protocol 4-5 framing opcodes are
 * read too). Only what a state_dict holds is built: an ordered mapping of names to tensors, each
 * `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)` over a persistent storage
 * `('storage', torch.FloatStorage, key, location, numel)`. Anything else (another class, another
 * storage type) is refused by name: this reads weights, it never runs code.
 */
import { unzipSync } from 'fflate';
import { FileFormatError } from '../core/errors.ts';

export interface Tensor {
  shape: number[];
  /** Row-major (C order) values. */
  values: Float32Array;
}

/** A global the stream named, kept as its dotted name: the only "callables" this reader knows. */
class Global {
  constructor(readonly name: string) {}
}
class Storage {
  constructor(readonly key: string, readonly numel: number) {}
}
class Mark {}
const MARK = new Mark();

/** The tensors of the state_dict in `pth` (the bytes of a .pth/.pt file), by name, in saved order. */
export function readTorchStateDict(pth: Uint8Array, file: string): Map<string, Tensor> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(pth);
  } catch {
    throw new FileFormatError(file, 'not a torch zip file (saved by torch older than 1.6, or not by torch.save)');
  }
  const pkl = Object.keys(entries).find((n) => n.endsWith('/data.pkl') && n.split('/').length === 2);
  if (pkl === undefined) throw new FileFormatError(file, 'holds no <prefix>/data.pkl: not a torch.save file');
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const byteorder = entries[`${prefix}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') throw new FileFormatError(file, 'stores big-endian tensors, which are not supported');
  const root = unpickle(entries[pkl]!, `${file}: ${pkl}`);
  if (!(root instanceof Map)) throw new FileFormatError(file, 'does not hold a state_dict (a mapping of names to tensors)');
  const out = new Map<string, Tensor>();
  for (const [name, value] of root) {
    if (typeof name !== 'string' || !(value instanceof TensorRef)) throw new FileFormatError(file, `entry ${String(name)} is not a tensor`);
    const bytes = entries[`${prefix}data/${value.storage.key}`];
    if (bytes === undefined) throw new FileFormatError(file, `tensor ${name}: its storage data/${value.storage.key} is missing`);
    out.set(name, value.materialize(bytes, `${file}: ${name}`));
  }
  return out;
}

/** A tensor as the stream describes it, before its storage's bytes are read. */
class TensorRef {
  constructor(
    readonly storage: Storage,
    readonly offset: number,
    readonly shape: number[],
    readonly stride: number[],
  ) {}

  materialize(bytes: Uint8Array, where: string): Tensor {
    if (bytes.length !== this.storage.numel * 4) throw new FileFormatError(where, `storage holds ${bytes.length} bytes, ${this.storage.numel} float32 values need ${this.storage.numel * 4}`);
    // A copy through a DataView: the storage need not be 4-byte aligned inside the archive.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = this.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    const index = new Array<number>(this.shape.length).fill(0);
    for (let i = 0; i < size; i++) {
      let at = this.offset;
      for (let d = 0; d < index.length; d++) at += index[d]! * this.stride[d]!;
      if (at < 0 || at >= this.storage.numel) throw new FileFormatError(where, 'its strides reach outside its storage');
      values[i] = view.getFloat32(at * 4, true);
      for (let d = index.length - 1; d >= 0; d--) {
        if (++index[d]! < this.shape[d]!) break;
        index[d] = 0;
      }
    }
    return { shape: [...this.shape], values };
  }
}

/** The pickle machine: a stack, a memo, and the opcodes a state_dict is written with. */
function unpickle(data: Uint8Array, where: string): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const text = new TextDecoder();
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const fail = (why: string): never => {
    throw new FileFormatError(where, `${why} (at byte ${p})`);
  };
  const need = (n: number) => (p + n <= data.length ? undefined : fail('ends early'));
  const u8 = () => (need(1), data[p++]!);
  const u16 = () => (need(2), (p += 2), view.getUint16(p - 2, true));
  const u32 = () => (need(4), (p += 4), view.getUint32(p - 4, true));
  const i32 = () => (need(4), (p += 4), view.getInt32(p - 4, true));
  const bytes = (n: number) => (need(n), (p += n), data.subarray(p - n, p));
  const line = () => {
    const end = data.indexOf(0x0a, p);
    if (end < 0) fail('a line without its end');
    const s = text.decode(data.subarray(p, end));
    p = end + 1;
    return s;
  };
  const pop = () => (stack.length === 0 ? fail('pops an empty stack') : stack.pop());
  const popMark = (): unknown[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail('no MARK to pop to');
    const items = stack.splice(at);
    items.shift();
    return items;
  };
  const top = () => (stack.length === 0 ? fail('an empty stack') : stack[stack.length - 1]);
  const setItems = (target: unknown, items: unknown[]) => {
    if (!(target instanceof Map)) return fail('SETITEMS on something that is not a dict');
    for (let i = 0; i + 1 < items.length; i += 2) target.set(items[i], items[i + 1]);
  };
  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: bytes(8); break; // FRAME: the length is not needed reading from memory
      case 0x2e: return pop(); // STOP
      case 0x63: stack.push(new Global(`${line()}.${line()}`)); break; // GLOBAL
      case 0x93: { const name = pop(); const module = pop(); stack.push(new Global(`${String(module)}.${String(name)}`)); break; } // STACK_GLOBAL
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: case 0x6a: { const k = op === 0x68 ? u8() : u32(); if (!memo.has(k)) fail(`memo ${k} is not set`); stack.push(memo.get(k)); break; } // BINGET, LONG_BINGET
      case 0x28: stack.push(MARK); break; // MARK
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c]); break; } // TUPLE3
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x61: { const v = pop(); (top() as unknown[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); (top() as unknown[]).push(...items); break; } // APPENDS
      case 0x58: stack.push(text.decode(bytes(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(text.decode(bytes(u8()))); break; // SHORT_BINUNICODE
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x4a: stack.push(i32()); break; // BININT
      case 0x8a: { const n = u8(); let v = 0n; const b = bytes(n); for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!); if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n); stack.push(Number(v)); break; } // LONG1
      case 0x47: need(8); stack.push(view.getFloat64(p, false)); p += 8; break; // BINFLOAT (big-endian)
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x51: stack.push(persistent(pop(), fail)); break; // BINPERSID
      case 0x52: { const args = pop(); const fn = pop(); stack.push(reduce(fn, args, fail)); break; } // REDUCE
      case 0x62: pop(); break; // BUILD: a state_dict's _metadata (versions for loading into modules): not needed
      default: fail(`pickle opcode 0x${op.toString(16)} is not one a state_dict is written with`);
    }
  }
}

function persistent(pid: unknown, fail: (why: string) => never): Storage {
  if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) return fail('a persistent id that is not a tensor storage');
  const type = pid[1];
  if (!(type instanceof Global) || type.name !== 'torch.FloatStorage') return fail(`storage ${type instanceof Global ? type.name : String(type)} is not supported (allowed: torch.FloatStorage, float32 weights)`);
  return new Storage(String(pid[2]), Number(pid[4]));
}

function reduce(fn: unknown, args: unknown, fail: (why: string) => never): unknown {
  const name = fn instanceof Global ? fn.name : String(fn);
  if (name === 'collections.OrderedDict') return new Map();
  if (name === 'torch._utils._rebuild_tensor_v2' && Array.isArray(args)) {
    const [storage, offset, size, stride] = args as [unknown, unknown, unknown, unknown];
    if (!(storage instanceof Storage) || typeof offset !== 'number' || !Array.isArray(size) || !Array.isArray(stride)) return fail('a tensor whose arguments are not (storage, offset, size, stride, …)');
    return new TensorRef(storage, offset, size.map(Number), stride.map(Number));
  }
  return fail(`calls ${name}, which a state_dict of float32 tensors does not need (refused: this reader never runs code)`);
}
