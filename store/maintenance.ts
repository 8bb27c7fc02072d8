/** Housekeeping: packing old journal entries and rebuilding indexes (admin pack / reindex). */
import type { Db } from "./db.ts";
import { keys } from "./keys.ts";
import type { JournalEntry } from "./record.ts";

const ITEMS_PER_COMMIT = 25;

/** Deletes journal entries dated before `before` (creation entries stay); returns how many. */
export async function packJournal(db: Db, before: number): Promise<number> {
  let removed = 0;
  let op = db.kv.atomic();
  let pending = 0;
  for (const cls of db.classNames()) {
    for await (
      const e of db.kv.list<JournalEntry>({
        prefix: keys.journalClassPrefix(cls),
      })
    ) {
      if (e.value.date >= before || e.value.action === "create") continue;
      op.delete(e.key);
      removed++;
      if (++pending === 500) {
        await op.commit();
        op = db.kv.atomic();
        pending = 0;
      }
    }
  }
  await op.commit();
  return removed;
}

/** Rebuilds index keys and full-text postings of the given items (all items of all classes by default). */
export async function reindexItems(
  db: Db,
  cls?: string,
  ids?: string[],
): Promise<number> {
  const whole = cls === undefined && ids === undefined;
  if (whole) await deletePrefix(db.kv, keys.postingPrefixAll());
  let count = 0;
  for (const name of cls ? [cls] : db.classNames()) {
    const list = ids ?? await db.cls(name).list(null);
    for (let i = 0; i < list.length; i += ITEMS_PER_COMMIT) {
      const batch = list.slice(i, i + ITEMS_PER_COMMIT);
      await db.transact(async (tx) => {
        for (const id of batch) await tx.rebuild(name, id, whole);
      });
      count += batch.length;
    }
  }
  return count;
}

/** Deletes every key under `prefix`, 500 to a commit. */
export async function deletePrefix(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
): Promise<void> {
  let op = kv.atomic();
  let n = 0;
  for await (const e of kv.list({ prefix })) {
    op.delete(e.key);
    if (++n % 500 === 0) {
      await op.commit();
      op = kv.atomic();
    }
  }
  await op.commit();
}
