/** Stored item records and the pure computation of the index keys they own. */
import type { ClassDef } from "./schema.ts";
import { type IndexValue, keys } from "./keys.ts";

/** Property values of an item, keyed by property name (automatic ones included). */
export type Values = Record<string, unknown>;

/** Where a FileClass item's content lives: in blob chunks under one blob id. */
export interface ContentRef {
  /** Small content is kept in the record itself. */
  inline?: Uint8Array;
  blob: string;
  size: number;
  chunks: number;
}

/** One item as stored under ["item", cls, id]. */
export interface ItemRecord {
  id: string;
  rev: number;
  retired: boolean;
  values: Values;
  content?: ContentRef;
  /** Per indexed property: the commit uid its words are filed under (see word_index.ts). */
  words?: Record<string, string>;
  /** The item's "create" journal entry, kept here instead of under a journal key of its own. */
  created?: CreatedStamp;
}

/** Date, user and creation links of a "create" entry kept in the record (see createdEntry). */
export interface CreatedStamp {
  date: number;
  user: string;
  links?: Record<string, string[]>;
}

/**
 * The "create" entry a record keeps, or null. An imported journal keeps it as a journal entry of
 * its own when it is not its item's first entry; history reads both.
 */
export function createdEntry(rec: ItemRecord | null): JournalEntry | null {
  const c = rec?.created;
  if (!c) return null;
  const entry: JournalEntry = {
    date: c.date,
    user: c.user,
    action: "create",
    params: {},
  };
  if (c.links) entry.links = c.links;
  return entry;
}

/** One journal entry as stored under ["journal", cls, id, …]. */
export interface JournalEntry {
  date: number;
  user: string;
  action: "create" | "set" | "retired" | "restored" | "link" | "unlink";
  params: unknown;
  /** On "create" entries: the journalled links the new item was created with (prop → ids). */
  links?: Record<string, string[]>;
}

/** [date, user] of the creation that made a link, kept as its index entry's value. */
export type LinkStamp = [number, string];

/** Value stored in the index for an empty Link or Multilink (so '-1' filters use the index). */
export const EMPTY_LINK = -1;

/** Index value of an `indexed` String: lower-cased and cut short (filters re-check the full value). */
export function exactIndexValue(v: string): string {
  return v.toLowerCase().slice(0, 200);
}

/**
 * Whether creation/activity are indexed: not for FileClass items (messages and files), which are
 * reached through the items linking them; leaving them out saves four writes per issue by mail.
 */
export function hasDateIndex(cls: ClassDef): boolean {
  return cls.base !== "FileClass";
}

/**
 * The value of an index entry that carries nothing. Raw bytes, which KV stores and reads back
 * without V8 serialisation.
 */
export const PLAIN_INDEX_VALUE: Uint8Array = new Uint8Array(0);

/**
 * The value of an index key of `cls`: for a journalled link (a Link or Multilink with a target,
 * not automatic, do_journal on) the [date, user] stamp `stampOf` gives for "prop:target", if
 * any (see derived_links.ts), encoded by encodeStamp; PLAIN_INDEX_VALUE otherwise.
 */
export function indexValue(
  cls: ClassDef,
  key: Deno.KvKey,
  stampOf: (slot: string) => LinkStamp | undefined,
): Uint8Array {
  const prop = cls.props.get(String(key[2]));
  if (
    !prop || prop.automatic || prop.do_journal === false || !prop.class ||
    key[3] === EMPTY_LINK
  ) return PLAIN_INDEX_VALUE;
  const stamp = stampOf(`${String(key[2])}:${String(key[3])}`);
  return stamp ? encodeStamp(stamp) : PLAIN_INDEX_VALUE;
}

const utf8 = new TextEncoder();
const utf8Out = new TextDecoder();
const dateBytes = new Uint8Array(new Float64Array(1).buffer);
const dateSlot = new Float64Array(dateBytes.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Stamps are cut from a shared pool: a typed array of its own costs V8 ten times as much. */
const POOL_BYTES = 1 << 16;
let pool = new Uint8Array(POOL_BYTES);
let poolUsed = 0;

/** `n` fresh bytes (views into the pool, which is never written twice). */
function take(n: number): Uint8Array {
  if (n > POOL_BYTES / 16) return new Uint8Array(n);
  if (poolUsed + n > POOL_BYTES) {
    pool = new Uint8Array(POOL_BYTES);
    poolUsed = 0;
  }
  const out = pool.subarray(poolUsed, poolUsed + n);
  poolUsed += n;
  return out;
}

/**
 * A stamp as index-entry bytes: the date as a little-endian float64, then the user id in UTF-8.
 * Raw bytes cost KV about half what a serialised [date, user] array does, per entry.
 */
export function encodeStamp([date, user]: LinkStamp): Uint8Array {
  let ascii = true;
  for (let i = 0; i < user.length && ascii; i++) {
    ascii = user.charCodeAt(i) < 0x80;
  }
  const tail = ascii ? null : utf8.encode(user);
  const out = take(8 + (tail ? tail.length : user.length));
  dateSlot[0] = date;
  for (let i = 0; i < 8; i++) out[i] = dateBytes[littleEndian ? i : 7 - i]!;
  if (tail) out.set(tail, 8);
  else for (let i = 0; i < user.length; i++) out[8 + i] = user.charCodeAt(i);
  return out;
}

/** The stamp an index entry's value carries (as encodeStamp wrote it), or null for a plain entry. */
export function stampOfValue(value: unknown): LinkStamp | null {
  if (!(value instanceof Uint8Array) || value.length < 8) return null;
  const view = new DataView(value.buffer, value.byteOffset, value.length);
  return [view.getFloat64(0, true), utf8Out.decode(value.subarray(8))];
}

/** The ["idx", …] keys an item owns: Link/Multilink targets and creation/activity dates. */
export function indexKeysOf(cls: ClassDef, rec: ItemRecord): Deno.KvKey[] {
  const out: Deno.KvKey[] = [];
  const add = (prop: string, v: IndexValue) =>
    out.push(keys.idx(cls.name, prop, v, rec.id));
  for (const p of cls.props.values()) {
    if (p.name === "creator" || p.name === "actor") continue;
    const v = rec.values[p.name];
    switch (p.type) {
      case "Link":
        add(p.name, v == null ? EMPTY_LINK : Number(v));
        break;
      case "Multilink": {
        const ids = (v as string[] | undefined) ?? [];
        for (const id of ids) add(p.name, Number(id));
        break;
      }
      case "String":
        if (p.indexed && typeof v === "string" && v !== "") {
          add(p.name, exactIndexValue(v));
        }
        break;
      case "Date":
        // Only creation/activity are walked for sorted pages; other dates are filtered by scan.
        if (p.automatic && typeof v === "number" && hasDateIndex(cls)) {
          add(p.name, v);
        }
        break;
    }
  }
  return out;
}

/** Keys in `next` but not `old` (to set) and in `old` but not `next` (to delete). */
export function diffKeys(
  old: Deno.KvKey[],
  next: Deno.KvKey[],
): { add: Deno.KvKey[]; remove: Deno.KvKey[] } {
  const str = (k: Deno.KvKey) => JSON.stringify(k);
  const oldSet = new Set(old.map(str));
  const nextSet = new Set(next.map(str));
  return {
    add: next.filter((k) => !oldSet.has(str(k))),
    remove: old.filter((k) => !nextSet.has(str(k))),
  };
}
