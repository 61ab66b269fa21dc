/**
 * Float32 arrays as base64 text (little-endian IEEE 754, byte for byte): exact, about 5.3
 * characters a value where JSON's decimal numbers take 10-20, and encoded at memcpy speed. Used
 * where a JSON file carries bulk samples (a tree's leaf memories: 90 % of a checkpoint's bytes).
 */
import { endianness } from 'node:os';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function float32ToBase64(values: Float32Array): string {
  if (LITTLE_ENDIAN_HOST) return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
  const bytes = Buffer.alloc(values.byteLength);
  values.forEach((v, i) => bytes.writeFloatLE(v, 4 * i));
  return bytes.toString('base64');
}

/**
 * The values encoded in `text`, or a reason it does not hold `count` of them (not base64, another
 * length). Non-finite values are the caller's to judge.
 */
export function base64ToFloat32(text: string, count: number): Float32Array | string {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return 'is not base64 text';
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 4 * count) return `holds ${bytes.length} bytes; expected ${4 * count} (${count} float32 values)`;
  const out = new Float32Array(count);
  if (LITTLE_ENDIAN_HOST) new Uint8Array(out.buffer).set(bytes);
  else for (let i = 0; i < count; i++) out[i] = bytes.readFloatLE(4 * i);
  return out;
}
