/**
 * The one place that turns a change of an item into KV writes: its record, its index entries
 * (with link stamps), its content chunks and the full-text postings of its indexed texts. The
 * transactional writer (commit.ts) and the bulk loader (bulk.ts) both lay items out through
 * here (postings through postingWrites in word_index.ts), so what import writes and what a
 * transaction writes cannot drift apart; they differ only in how writes are grouped into commits.
 */
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import {
  diffKeys,
  indexKeysOf,
  indexValue,
  type ItemRecord,
  type LinkStamp,
} from "./record.ts";
import type { PendingBlob } from "./content.ts";
import { type WordChange, wordsChange } from "./word_index.ts";

/** One item as a writer changes it. */
export interface ItemChange {
  cls: ClassDef;
  /** The record as stored before (null: a new item). */
  before: ItemRecord | null;
  after: ItemRecord;
  /** New content chunks (FileClass content given in this change). */
  blobs?: PendingBlob[];
  /** [date, user] of the creation that made a link ("prop:target"), kept in its index entry. */
  stampOf?: (slot: string) => LinkStamp | undefined;
  /** Write every index entry again, not only the new ones (import with stamps). */
  rewriteIndex?: boolean;
}

/** The writes of one item change, apart from its postings (fileWords, then postingWrites). */
export interface ItemWrites {
  /** Index entries and content chunks that go in the item's commit. */
  set: Array<[Deno.KvKey, unknown]>;
  delete: Deno.KvKey[];
  /** Content chunks too large for the item's commit: written ahead, unreachable until it lands. */
  ahead: Array<[Deno.KvKey, Uint8Array]>;
  /** The record itself. */
  record: [Deno.KvKey, ItemRecord];
}

/** Lays out the writes of one item change. */
export function itemWrites(c: ItemChange): ItemWrites {
  const out: ItemWrites = {
    set: [],
    delete: [],
    ahead: [],
    record: [keys.item(c.cls.name, c.after.id), c.after],
  };
  const old = c.before ? indexKeysOf(c.cls, c.before) : [];
  const next = indexKeysOf(c.cls, c.after);
  const idx = diffKeys(old, next);
  out.delete.push(...idx.remove);
  const stampOf = c.stampOf ?? (() => undefined);
  for (const key of c.rewriteIndex ? next : idx.add) {
    out.set.push([key, indexValue(c.cls, key, stampOf)]);
  }
  for (const b of c.blobs ?? []) {
    if (b.inline) out.set.push([b.key, b.bytes]);
    else out.ahead.push([b.key, b.bytes]);
  }
  return out;
}

/**
 * Files the new words of an item's indexed properties under `uid` (a large text under a uid of
 * its own) and records in `after.words` where each property's words went. `old` gives, per
 * property, the text its current postings were made from (absent: nothing to remove).
 */
export function fileWords(
  cls: ClassDef,
  after: ItemRecord,
  uid: string,
  words: Record<string, string[]>,
  old: { words?: Record<string, string>; texts?: Record<string, string> } = {},
): WordChange[] {
  const doc = `${cls.name}:${after.id}`;
  const out: WordChange[] = [];
  for (const prop in words) {
    const change = wordsChange(doc, prop, uid, {
      uid: old.words?.[prop],
      text: old.texts?.[prop],
    }, words[prop]!);
    out.push(change);
    after.words = { ...after.words, [prop]: change.uid };
  }
  return out;
}
