/**
 * The second pass of import: streams the checked export again and writes it in batches of
 * transactions, each within KV's limits. Items are written exactly as exported (ids, dates,
 * creator, retired flag) with tx.put, journal entries with tx.putJournal; no detectors run.
 * While one batch commits, the next is read and decoded.
 */
import { join } from "node:path";
import type { ClassDef, Db, ItemRecord, JournalEntry } from "../store/mod.ts";
import { contentPath } from "./export_codec.ts";
import { importJournal } from "./export_journal.ts";
import { readCsv } from "./roundup_csv.ts";
import {
  type Column,
  indexedText,
  itemWrites,
  readHeader,
  readItem,
} from "./import_rows.ts";
import { type ClassPlan, type ImportPlan, MAX_WRITES } from "./import_check.ts";

/** Checks per commit KV allows, less one for the id counter; each item reads its old record. */
const MAX_CHECKS = 99;
/** Content bytes held in memory for one commit. */
const MAX_BATCH_BYTES = 16 << 20;
/** Journal entries per commit; a run of one item's entries with the same date is never split. */
const MAX_ENTRIES = 900;
const HARD_MAX_ENTRIES = 990;

interface Pending {
  rec: ItemRecord;
  content?: Uint8Array;
}

/** Pass two: writes every class, then every journal. */
export async function writeExport(db: Db, plan: ImportPlan): Promise<void> {
  for (const cp of plan.classes) await writeClass(db, plan, cp);
  for (const cp of plan.classes) if (cp.journal) await writeJournal(db, cp);
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

async function writeClass(
  db: Db,
  plan: ImportPlan,
  cp: ClassPlan,
): Promise<void> {
  const { def } = cp;
  const withFiles = plan.files && def.base === "FileClass";
  const checksPerItem = def.key ? 2 : 1;
  const pipe = new Pipeline();
  let cols: Column[] | null = null;
  let batch: Pending[] = [];
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
  for await (const rows of readCsv(cp.csv)) {
    for (const row of rows) {
      if (!cols) {
        cols = readHeader(def, cp.csv, row);
        continue;
      }
      const rec = readItem(def, cols, cp.csv, row);
      // Small synchronous reads cost a fraction of async ones; the commit in flight runs meanwhile.
      const content = withFiles
        ? Deno.readFileSync(join(plan.dir, contentPath(def.name, rec.id)))
        : undefined;
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
      batch.push({ rec, content });
      bytes += size;
    }
  }
  await flush();
  await pipe.drain();
}

/** Puts a batch in one transaction; halves it when the store finds the commit too big. */
async function putBatch(
  db: Db,
  def: ClassDef,
  batch: Pending[],
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
        await tx.put(def.name, p.rec, content);
      }
    });
  } catch (e) {
    // Replaced items also remove their old index entries and words, which the estimate leaves out.
    if (!(e instanceof RangeError) || batch.length === 1) throw e;
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

async function writeJournal(db: Db, cp: ClassPlan): Promise<void> {
  const pipe = new Pipeline();
  let batch: Array<{ id: string; entry: JournalEntry }> = [];
  let lastRun = "";
  for await (const rows of readCsv(cp.journal!)) {
    for (const row of rows) {
      const e = importJournal(cp.def, row.fields);
      // The store keys journal entries by date and a per-commit counter, so entries of one
      // item with equal dates must share a commit to keep their order and not overwrite each other.
      const run = `${e.id}@${e.entry.date}`;
      if (
        (batch.length >= MAX_ENTRIES && run !== lastRun) ||
        batch.length >= HARD_MAX_ENTRIES
      ) {
        const full = batch;
        batch = [];
        await pipe.push(() => putJournal(db, cp.def.name, full));
      }
      batch.push(e);
      lastRun = run;
    }
  }
  const last = batch;
  await pipe.push(() => putJournal(db, cp.def.name, last));
  await pipe.drain();
}

async function putJournal(
  db: Db,
  cls: string,
  batch: Array<{ id: string; entry: JournalEntry }>,
): Promise<void> {
  if (batch.length === 0) return;
  await db.transact((tx) => {
    for (const { id, entry } of batch) tx.putJournal(cls, id, entry);
    return Promise.resolve();
  });
}
