/** The only place that builds Deno KV keys. Ids are numbers inside keys. */
import { TooLargeError } from "./errors.ts";

export type IndexValue = string | number | boolean;

/**
 * Bytes of a value a key or index key may hold: KV keys hold at most 2,048 bytes in all, and
 * a NUL character takes two of them.
 */
export const MAX_KEY_VALUE_BYTES = 1800;

/** Bytes a string takes inside a KV key (compare with MAX_KEY_VALUE_BYTES). */
export function keyValueBytes(value: string): number {
  return new TextEncoder().encode(value).length + value.split("\0").length - 1;
}

/** The value, or TooLargeError when it is too long to be part of a KV key. */
function fit<T extends IndexValue>(value: T, what: () => string): T {
  if (typeof value !== "string" || value.length * 3 <= MAX_KEY_VALUE_BYTES) {
    return value;
  }
  const bytes = keyValueBytes(value);
  if (bytes <= MAX_KEY_VALUE_BYTES) return value;
  throw new TooLargeError(
    `Cannot use a ${what()} of ${bytes} bytes: it is kept in an index, which holds at most ${MAX_KEY_VALUE_BYTES} bytes`,
  );
}

export const keys = {
  item: (cls: string, id: string): Deno.KvKey => ["item", cls, Number(id)],
  itemPrefix: (cls: string): Deno.KvKey => ["item", cls],
  key: (cls: string, value: string): Deno.KvKey => [
    "key",
    cls,
    fit(value, () => `${cls} key value`),
  ],
  keyPrefix: (cls: string): Deno.KvKey => ["key", cls],
  idx: (
    cls: string,
    prop: string,
    value: IndexValue,
    id: string,
  ): Deno.KvKey => [
    "idx",
    cls,
    prop,
    fit(value, () => `value for ${cls}.${prop}`),
    Number(id),
  ],
  idxValuePrefix: (
    cls: string,
    prop: string,
    value: IndexValue,
  ): Deno.KvKey => [
    "idx",
    cls,
    prop,
    fit(value, () => `value for ${cls}.${prop}`),
  ],
  idxPropPrefix: (cls: string, prop: string): Deno.KvKey => ["idx", cls, prop],
  journal: (
    cls: string,
    id: string,
    date: number,
    uniq: string,
  ): Deno.KvKey => [
    "journal",
    cls,
    Number(id),
    date,
    uniq,
  ],
  journalPrefix: (
    cls: string,
    id: string,
  ): Deno.KvKey => ["journal", cls, Number(id)],
  journalClassPrefix: (cls: string): Deno.KvKey => ["journal", cls],
  seq: (cls: string): Deno.KvKey => ["seq", cls],
  blob: (blobId: string, chunk: number): Deno.KvKey => ["blob", blobId, chunk],
  blobPrefix: (blobId: string): Deno.KvKey => ["blob", blobId],
  posting: (
    word: string,
    commitUid: string,
  ): Deno.KvKey => ["word", word, commitUid],
  postingPrefix: (word: string): Deno.KvKey => ["word", word],
  postingPrefixAll: (): Deno.KvKey => ["word"],
  meta: (name: string): Deno.KvKey => ["meta", name],
};

/** Id part of an item, index or word key, as a decimal string. */
export function idOfKey(key: Deno.KvKey, position: number): string {
  return String(key[position]);
}

/** Web session, one-time key and login-attempt keys (store/sessions.ts). */
export const webKeys = {
  session: (sid: string): Deno.KvKey => ["websession", sid],
  /** A user's sessions (value: the session's expiry), so a password change can end them all. */
  userSession: (userId: string, sid: string): Deno.KvKey => [
    "websessionof",
    Number(userId),
    sid,
  ],
  userSessions: (userId: string): Deno.KvKey => [
    "websessionof",
    Number(userId),
  ],
  otk: (key: string): Deno.KvKey => ["otk", key],
  usedToken: (nonce: string): Deno.KvKey => ["usedtoken", nonce],
  secret: (): Deno.KvKey => ["meta", "web_secret"],
  loginAttempts: (who: string, minute: number): Deno.KvKey => [
    "loginfail",
    who,
    minute,
  ],
};

/** The change counter every store commit bumps (store/changes.ts), so other processes see writes. */
export const changeKeys = {
  counter: (): Deno.KvKey => ["changes"],
};

/**
 * Live counts (store/counts.ts), KvU64 sums: the live items of a class, and the live items of a
 * class per value of one of its Link properties (-1: not set).
 */
export const countKeys = {
  live: (cls: string): Deno.KvKey => ["count", cls],
  link: (cls: string, prop: string, value: number): Deno.KvKey => [
    "count",
    cls,
    prop,
    value,
  ],
  all: (): Deno.KvKey => ["count"],
};

/** Rate-limit state (store/rate_limit.ts): one theoretical arrival time per limited client. */
export const rateKeys = {
  tat: (kind: string, who: string): Deno.KvKey => ["ratelimit", kind, who],
};

/**
 * Whether a key's value is kept as raw bytes rather than encoded (store/value_codec.ts): content
 * chunks, index entries (empty, or a link's creation stamp) and the web secret.
 */
export function holdsBytes(key: Deno.KvKey): boolean {
  const first = key[0];
  return first === "blob" || first === "idx" ||
    (first === "meta" && key[1] === "web_secret");
}

/** Whether a key is written with an expiry (sessions, one-time keys, rate limits): migrate drops these. */
export function expires(key: Deno.KvKey): boolean {
  const first = key[0];
  return first === "websession" || first === "websessionof" ||
    first === "otk" || first === "usedtoken" ||
    first === "loginfail" || first === "ratelimit";
}
