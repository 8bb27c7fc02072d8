/**
 * Bulk reads for export: every record and journal entry of a class in key order, through the
 * store's bulk readers (a thousand entries per KV round trip instead of one or two per item).
 */
import type { Db, ItemRecord, JournalEntry } from "../../store/mod.ts";

/** Every item of a class, retired ones included, in id order. */
export function scanRecords(db: Db, cls: string): AsyncGenerator<ItemRecord> {
  return db.cls(cls).scan();
}

/** Every journal entry of a class (derived link entries included), by item id, in history order. */
export async function* scanJournal(
  db: Db,
  cls: string,
): AsyncGenerator<{ id: string; entry: JournalEntry }> {
  for await (const g of db.cls(cls).journalScan()) {
    for (const entry of g.entries) yield { id: g.id, entry };
  }
}

/** The content of a FileClass item from its record (no second read of the record). */
export function contentOf(
  db: Db,
  cls: string,
  rec: ItemRecord,
): Promise<Uint8Array> {
  return db.cls(cls).contentOf(rec);
}
