/**
 * The second pass of import: streams the checked export again and writes it in commits within
 * KV's limits. Items are written exactly as exported (ids, dates, creator, retired flag); no
 * detectors run. A class that has no items yet (import into a new tracker) is loaded in bulk,
 * thousands of items at a time (BulkLoader); otherwise, or when another writer adds items
 * meanwhile, items are written with tx.put, which reads and replaces what is there. Journal
 * entries go in bulk too (JournalLoader), read in a worker (journal_rows.ts). While commits run,
 * the next rows are read and decoded.
 */
import {
  type BulkItem,
  BulkLoader,
  type ClassDef,
  ConflictError,
  type Db,
  type ItemRecord,
  JournalLoader,
  TooLargeError,
} from "../../store/mod.ts";
import { journalRows } from "./journal_rows.ts";
import { indexedText, itemWrites } from "./import_rows.ts";
import { type ItemRow, itemRows } from "./item_rows.ts";
import { type ClassPlan, type ImportPlan, MAX_WRITES } from "./import_check.ts";

/** Checks per commit KV allows, less one for the id counter; each item reads its old record. */
const MAX_CHECKS = 99;
/** Content bytes held in memory for one commit (or one bulk load). */
const MAX_BATCH_BYTES = 16 << 20;
/** Items per bulk load: the more, the fewer and the more ordered the keys (postings above all). */
const BULK_ITEMS = 2000;

/**
 * Pass two: writes every class, then every journal. Bulk commits of one class still run while
 * the next class is read; when this returns (or throws), nothing is being written any more.
 */
export async function writeExport(db: Db, plan: ImportPlan): Promise<void> {
  const loads: Array<Promise<void>> = [];
  const journals = new JournalLoader(db);
  try {
    const started = plan.classes.map((cp) => writeClass(db, plan, cp));
    for (const s of started) s.catch(() => {});
    for (const s of started) loads.push((await s).done);
    const files = plan.classes.flatMap((cp) =>
      cp.journal ? [{ cls: cp.def.name, path: cp.journal }] : []
    );
    for await (const batches of journalRows(db.schema, plan.links, files)) {
      // Returns once the commits are queued: the next entries are read while they run.
      for (const b of batches) await journals.write(b.cls, b.entries);
    }
  } finally {
    await Promise.allSettled([...loads, journals.drain()]);
  }
  await Promise.all(loads);
  await journals.drain();
}

/** Runs one commit at a time while the caller prepares the next batch. */
class Pipeline {
  #running: Promise<void> = Promise.resolve();

  async push(job: () => Promise<void>): Promise<void> {
    await this.#running;
    this.#running = job();
    // Keeps an early failure from being reported as unhandled before the next push awaits it.
    this.#running.catch(() => {});
  }

  async drain(): Promise<void> {
    await this.#running;
  }
}

/** Writes a class's items: done settles once they are committed. */
async function writeClass(
  db: Db,
  plan: ImportPlan,
  cp: ClassPlan,
): Promise<{ done: Promise<void> }> {
  const loader = await BulkLoader.open(db, cp.def.name, { lastId: cp.maxId });
  if (!loader) {
    await putClass(db, plan, cp);
    return { done: Promise.resolve() };
  }
  // When another writer adds items meanwhile, put rewrites what the loader wrote.
  const fallBack = async (e: unknown) => {
    if (!(e instanceof ConflictError)) throw e;
    await putClass(db, plan, cp);
  };
  try {
    await loadClass(db, loader, plan, cp);
  } catch (e) {
    await fallBack(e);
    return { done: Promise.resolve() };
  }
  const done = loader.drain().catch(fallBack);
  // Awaited by the caller later; this keeps a failure meanwhile from counting as unhandled.
  done.catch(() => {});
  return { done };
}

/** Streams a class's items into a bulk loader; returns once their commits are queued. */
async function loadClass(
  db: Db,
  loader: BulkLoader,
  plan: ImportPlan,
  cp: ClassPlan,
): Promise<void> {
  let batch: BulkItem[] = [];
  let bytes = 0;
  const flush = async () => {
    const full = batch;
    batch = [];
    bytes = 0;
    // Returns once the commits are queued: the next batch is read while they run.
    if (full.length > 0) await loader.write(full);
  };
  try {
    for await (const { rec, content, words } of exportedItems(db, plan, cp)) {
      batch.push({
        rec,
        content,
        words,
        stamps: plan.links.prepareItem(cp.def.name, rec),
      });
      bytes += content?.length ?? 0;
      if (batch.length >= BULK_ITEMS || bytes >= MAX_BATCH_BYTES) {
        await flush();
      }
    }
    await flush();
  } catch (e) {
    // The commits in flight end before anything else is tried; the first error is the one to report.
    await loader.drain().catch(() => {});
    throw e;
  }
}

/** Items of a class's export file in order, with their content when files are imported. */
async function* exportedItems(
  db: Db,
  plan: ImportPlan,
  cp: ClassPlan,
): AsyncGenerator<ItemRow> {
  const { def } = cp;
  yield* flatten(itemRows(db.schema, {
    cls: def.name,
    csv: cp.csv,
    dir: plan.dir,
    withFiles: plan.files && def.base === "FileClass",
  }));
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/** Writes a class's items with tx.put, in batches within one commit's limits. */
async function putClass(
  db: Db,
  plan: ImportPlan,
  cp: ClassPlan,
): Promise<void> {
  const { def } = cp;
  const checksPerItem = def.key ? 2 : 1;
  const pipe = new Pipeline();
  let batch: BulkItem[] = [];
  let words = new Set<string>();
  let writes = 0;
  let bytes = 0;
  const flush = async () => {
    const full = batch;
    batch = [];
    words = new Set();
    writes = bytes = 0;
    await pipe.push(() => putBatch(db, def, full, plan.files));
  };
  for await (const { rec, content } of exportedItems(db, plan, cp)) {
    const text = content && indexedText(def, rec.values, content);
    const size = content?.length ?? 0;
    const item = itemWrites(def, rec, { content: text, size });
    let fresh = 0;
    for (const w of item.words) if (!words.has(w)) fresh++;
    const full = (batch.length + 1) * checksPerItem > MAX_CHECKS ||
      writes + item.writes + fresh > MAX_WRITES ||
      bytes + size > MAX_BATCH_BYTES;
    if (full && batch.length > 0) {
      await flush();
      fresh = item.words.size;
    }
    for (const w of item.words) words.add(w);
    writes += item.writes + fresh;
    batch.push({ rec, content, stamps: plan.links.prepareItem(def.name, rec) });
    bytes += size;
  }
  await flush();
  await pipe.drain();
}

/** Puts a batch in one transaction; halves it when the store finds the commit too big. */
async function putBatch(
  db: Db,
  def: ClassDef,
  batch: BulkItem[],
  files: boolean,
): Promise<void> {
  if (batch.length === 0) return;
  try {
    await db.transact(async (tx) => {
      const olds = await Promise.all(
        batch.map((p) => tx.record(def.name, p.rec.id)),
      );
      for (const [i, p] of batch.entries()) {
        const content = p.content ??
          await keptContent(db, def, olds[i]!, files);
        await tx.put(def.name, p.rec, content, p.stamps);
      }
    });
  } catch (e) {
    // Replaced items also remove their old index entries and words, which the estimate leaves out.
    if (!(e instanceof TooLargeError) || batch.length === 1) throw e;
    const half = Math.ceil(batch.length / 2);
    await putBatch(db, def, batch.slice(0, half), files);
    await putBatch(db, def, batch.slice(half), files);
  }
}

/** importtables leaves the content of items already in the tracker as it is. */
async function keptContent(
  db: Db,
  def: ClassDef,
  old: ItemRecord | null,
  files: boolean,
): Promise<Uint8Array | undefined> {
  if (files || def.base !== "FileClass" || !old?.content) return undefined;
  return await db.cls(def.name).getContent(old.id);
}
