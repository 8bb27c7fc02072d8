/**
 * The one encoding of every value the store keeps in Deno KV (store format 2). KV keeps a value
 * that is not a Uint8Array or a KvU64 in V8's serialisation, whose version differs between Deno
 * releases (a value written by Deno 2.9 cannot be read by Deno 2.5, which Deno Deploy runs), so
 * every value is written as UTF-8 JSON bytes, a Uint8Array inside it as a tagged base64 string.
 * Keys that hold raw bytes (content chunks, index entries, the web secret: `holdsBytes`) keep
 * them as they are, and the change counter stays a KvU64. `codecKv(kv)` applies this to every
 * get, list, set and atomic write, so the store's modules read and write plain values.
 */
import { holdsBytes } from "./keys.ts";

/** The object key that marks a Uint8Array inside an encoded value: `{"\u0000b": base64}`. */
const BYTES_TAG = "\u0000b";
const TAGGED = '"\\u0000b":';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function replacer(_key: string, v: unknown): unknown {
  return v instanceof Uint8Array ? { [BYTES_TAG]: toBase64(v) } : v;
}

/** Whether `v` holds a Uint8Array (JSON.stringify is several times faster without a replacer). */
function holdsUint8Array(v: object): boolean {
  if (v instanceof Uint8Array) return true;
  if (v instanceof Map || v instanceof Set) {
    throw new TypeError(
      `Cannot store a ${v.constructor.name} in KV: store values are plain data (objects, arrays, strings, numbers, booleans, null, bytes)`,
    );
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === "object" && holdsUint8Array(x)) {
        return true;
      }
    }
    return false;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (x !== null && typeof x === "object" && holdsUint8Array(x)) return true;
  }
  return false;
}

function reviver(_key: string, v: unknown): unknown {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const b = (v as Record<string, unknown>)[BYTES_TAG];
    if (typeof b === "string" && Object.keys(v).length === 1) {
      return fromBase64(b);
    }
  }
  return v;
}

/** The bytes (or KvU64) KV keeps for `value` under `key`. */
export function encodeValue(
  key: Deno.KvKey,
  value: unknown,
): Uint8Array | Deno.KvU64 {
  if (holdsBytes(key)) {
    if (value instanceof Uint8Array) return value;
    throw new TypeError(
      `Cannot store a ${typeof value} under ${
        JSON.stringify(key)
      }: that key holds bytes, pass a Uint8Array`,
    );
  }
  if (value instanceof Deno.KvU64) return value;
  const text = value !== null && typeof value === "object" &&
      holdsUint8Array(value)
    ? JSON.stringify(value, replacer)
    : JSON.stringify(value);
  if (text === undefined) {
    throw new TypeError(
      `Cannot store ${typeof value} under ${
        JSON.stringify(key)
      }: store values are plain data`,
    );
  }
  return encoder.encode(text);
}

/**
 * The value behind what KV returned for `key`. A value that is neither bytes nor a KvU64 was
 * written by format 1 (V8 serialisation, readable by the same Deno only) and is returned as it is.
 */
export function decodeValue<T>(key: Deno.KvKey, stored: unknown): T {
  if (!(stored instanceof Uint8Array) || holdsBytes(key)) return stored as T;
  const text = decoder.decode(stored);
  return JSON.parse(text, text.includes(TAGGED) ? reviver : undefined) as T;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** True when the value was stored by format 1 and must be rewritten (roundup admin migrate). */
export function isLegacyValue(stored: unknown): boolean {
  return !(stored instanceof Uint8Array) && !(stored instanceof Deno.KvU64);
}
