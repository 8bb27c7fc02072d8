/**
 * Importing a Roundup export (the `import` and `importtables` commands).
 *
 * Design: Deno KV commits at most 1,000 writes at once, so a large export cannot be one
 * transaction. Import is all-or-nothing by checking before writing:
 *
 * 1. The checking pass (import_check.ts) streams every `class.csv` and `class-journals.csv`
 *    and decodes every row exactly as the writing pass will: classes and properties exist,
 *    every value parses for its property type, ids are unique, keys are unique and do not
 *    clash with the tracker, links and journal entries point at items in the export or the
 *    tracker, content files exist and fit the size limit, and every item fits one commit.
 *    The first problem stops the import with a one-line error naming file and line; nothing
 *    has been written.
 * 2. Only then the writing pass (import_write.ts) streams the files again and writes them. A
 *    class with no items yet (the usual case: import into a new tracker) is loaded in bulk
 *    (store/bulk.ts): thousands of items at a time, laid out as the store keeps them, sorted by
 *    key and committed in commits of up to 1,000 writes, guarded by one check on the class's id
 *    counter instead of a read and a check per item; other classes go through tx.put in
 *    batches within one commit's limits. Journals follow in commits of about 1,000 entries.
 *    What could still fail here is the storage itself (disk full, another process writing the
 *    same items); items are written by id, so running the same import again after such a
 *    failure rewrites them.
 *
 * Both passes read files as streams, so memory stays bounded by the number of items (ids and
 * keys kept for the checks, about 50 bytes an item) and the batches being written (two bulk
 * loads of 2,000 items and a few commits in flight), never by file sizes.
 */
import type { Db } from "../../store/mod.ts";
import { checkExport } from "./import_check.ts";
import { writeExport } from "./import_write.ts";

/** What was imported, per class in the order written. */
export interface ImportResult {
  classes: Array<
    { name: string; maxId: number; items: number; entries: number }
  >;
  items: number;
  entries: number;
  /** Journal entries stored in their derived form (creation links, see store/link_notes.ts). */
  derivedLinks: number;
  /** Create entries kept in their items' records (see store/link_notes.ts). */
  keptCreates: number;
}

/** Checks the export in `dir`, then writes it into `db`; with `files: false` content is left alone. */
export async function importTracker(
  db: Db,
  dir: string,
  opts: { files?: boolean } = {},
): Promise<ImportResult> {
  const plan = await checkExport(db, dir, opts.files ?? true);
  await writeExport(db, plan);
  const classes = plan.classes.map((c) => ({
    name: c.def.name,
    maxId: c.maxId,
    items: c.items,
    entries: c.entries,
  }));
  return {
    classes,
    items: classes.reduce((n, c) => n + c.items, 0),
    entries: classes.reduce((n, c) => n + c.entries, 0),
    derivedLinks: plan.links.derivedCount(),
    keptCreates: plan.links.keptCount(),
  };
}
