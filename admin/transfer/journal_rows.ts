/**
 * The journal entries the writing pass of import stores, in commit-sized batches: every row of
 * the class journals but those left to the index (the store's CreationLinks). Reading 1.4 million rows to
 * keep a fifth of them is most of the work, so it runs in a worker (worker.ts),
 * given the settled link state once every item is laid out, while this thread commits; where no
 * worker can start it runs here.
 */
import {
  CreationLinks,
  type JournalEntry,
  type LinkState,
  resolveSchema,
  type Schema,
} from "../../store/mod.ts";
import { readCsv } from "./roundup_csv.ts";
import { importJournal } from "./export_journal.ts";
import type { JournalFile } from "./journal_check.ts";
import {
  type BatchAnswer,
  batchesAside,
  type BatchRequest,
  serveBatches,
} from "./worker_batches.ts";
import { WORKER_URL } from "./worker_call.ts";

/** Entries of one class's journal to write together. */
export interface JournalBatch {
  cls: string;
  entries: Array<{ id: string; entry: JournalEntry }>;
}

/** What the worker is given: the schema, the settled link state and the files in order. */
export interface JournalRowsTask {
  spec: Schema["spec"];
  links: LinkState;
  files: JournalFile[];
}

/** Entries per batch; a run of one item's entries with the same date is never split. */
const MAX_ENTRIES = 4000;
const HARD_MAX_ENTRIES = 90_000;

/** The entries to write, file by file, read here. */
export async function* readJournalRows(
  schema: Schema,
  links: CreationLinks,
  files: JournalFile[],
): AsyncGenerator<JournalBatch[]> {
  for (const { cls, path } of files) {
    const def = schema.classes.get(cls)!;
    const read = links.journalReader<string[]>(def, {
      decode: (fields) => importJournal(def, fields),
      isLink: (fields) => fields[3] === "'link'",
    });
    let entries: JournalBatch["entries"] = [];
    let lastRun = "";
    for await (const rows of readCsv(path)) {
      for (const row of rows) {
        const e = read(row.fields);
        if (!e) continue;
        // The store keys journal entries by date and a counter per write, so entries of one
        // item with equal dates must share a write to keep their order and not overwrite each other.
        const run = `${e.id}@${e.entry.date}`;
        if (
          (entries.length >= MAX_ENTRIES && run !== lastRun) ||
          entries.length >= HARD_MAX_ENTRIES
        ) {
          yield [{ cls, entries }];
          entries = [];
        }
        entries.push(e);
        lastRun = run;
      }
    }
    if (entries.length > 0) yield [{ cls, entries }];
  }
}

/**
 * The entries to write, from a worker when one starts. Call once every item is laid out: the
 * link state then says which rows are left to the index.
 */
export function journalRows(
  schema: Schema,
  links: CreationLinks,
  files: JournalFile[],
  workerUrl: URL = WORKER_URL,
): AsyncGenerator<JournalBatch[]> {
  return batchesAside(
    workerUrl,
    { spec: schema.spec, links: links.state, files } satisfies JournalRowsTask,
    () => readJournalRows(schema, links, files),
    { what: files.map((f) => f.path).join(", "), role: "journals" },
  );
}

/** The worker's side: reads the journals given, a batch per request. */
export function serveJournalRows(
  post: (a: BatchAnswer<JournalBatch>) => void,
): (req: BatchRequest<JournalRowsTask>) => void {
  return serveBatches(post, (task: JournalRowsTask) =>
    readJournalRows(
      resolveSchema(task.spec),
      new CreationLinks(task.links),
      task.files,
    ));
}
