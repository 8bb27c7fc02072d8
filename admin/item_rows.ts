/**
 * The items of one class file of an export, decoded, with their content files: what the writing
 * pass of import stores. A big file is read in a worker, a batch ahead of the caller, so that
 * parsing and file reads run on another core while this thread lays out and commits; a small
 * one, or where no worker can start, is read here.
 */
import { join } from "node:path";
import { type ItemRecord, resolveSchema, type Schema } from "../store/mod.ts";
import { contentPath } from "./export_codec.ts";
import { readCsv } from "./roundup_csv.ts";
import { type Column, readHeader, readItem } from "./import_rows.ts";
import {
  type PostedError,
  postedError,
  reviveError,
  startWorker,
} from "./worker_call.ts";

/** One decoded item and, for FileClass items when files are imported, its content. */
export interface ItemRow {
  rec: ItemRecord;
  content?: Uint8Array;
}

/** A class file to read. */
export interface ItemFile {
  cls: string;
  csv: string;
  /** The export's directory, for content files. */
  dir: string;
  withFiles: boolean;
}

/** Rows per batch. */
const BATCH = 1000;
/** Files smaller than this are read here: a worker costs more to start than it saves. */
const WORKER_BYTES = 4 << 20;

/** The items of a class file in batches, read here. */
export async function* readItemRows(
  schema: Schema,
  f: ItemFile,
): AsyncGenerator<ItemRow[]> {
  const def = schema.classes.get(f.cls)!;
  let cols: Column[] | null = null;
  let batch: ItemRow[] = [];
  for await (const rows of readCsv(f.csv)) {
    for (const row of rows) {
      if (!cols) {
        cols = readHeader(def, f.csv, row);
        continue;
      }
      const rec = readItem(def, cols, f.csv, row);
      // Small synchronous reads cost a fraction of async ones.
      const content = f.withFiles
        ? Deno.readFileSync(join(f.dir, contentPath(def.name, rec.id)))
        : undefined;
      batch.push({ rec, content });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The items of a class file in batches: from a worker when the file has at least `minBytes`,
 * else read here.
 */
export async function* itemRows(
  schema: Schema,
  f: ItemFile,
  o: { minBytes?: number; workerUrl?: URL } = {},
): AsyncGenerator<ItemRow[]> {
  const big = (await Deno.stat(f.csv)).size >= (o.minBytes ?? WORKER_BYTES);
  const worker = big
    ? startWorker(
      o.workerUrl ?? new URL("./item_rows_worker.ts", import.meta.url),
    )
    : null;
  if (!worker) {
    yield* readItemRows(schema, f);
    return;
  }
  const answers: Array<(a: RowsAnswer | null) => void> = [];
  worker.onmessage = (ev: MessageEvent<RowsAnswer>) =>
    answers.shift()?.(ev.data);
  worker.onerror = (ev) => {
    ev.preventDefault();
    for (const a of answers.splice(0)) a(null);
  };
  const ask = () =>
    new Promise<RowsAnswer | null>((resolve) => {
      answers.push(resolve);
      worker.postMessage({ next: true } satisfies RowsTask);
    });
  try {
    worker.postMessage({ spec: schema.spec, file: f } satisfies RowsTask);
    let next = ask();
    let received = false;
    for (;;) {
      const a = await next;
      if (!a) {
        // The worker could not run; read here unless it had begun.
        if (received) {
          throw new Error(`Cannot read ${f.csv}: the reader stopped`);
        }
        yield* readItemRows(schema, f);
        return;
      }
      if ("error" in a) throw reviveError(a.error);
      if (a.rows === null) return;
      received = true;
      // The worker reads the next batch while the caller stores this one.
      next = ask();
      yield a.rows;
    }
  } finally {
    worker.terminate();
  }
}

/** What the worker is told: first the file, then "next" for each batch. */
export type RowsTask = { spec: Schema["spec"]; file: ItemFile } | {
  next: true;
};

/** A batch (null: no more), or the error that stopped the reading. */
export type RowsAnswer = { rows: ItemRow[] | null } | { error: PostedError };

/** The worker's side: answers each "next" with the following batch. */
export function serveRows(
  post: (a: RowsAnswer, transfer: Transferable[]) => void,
): (task: RowsTask) => void {
  let rows: AsyncGenerator<ItemRow[]> | null = null;
  let queue = Promise.resolve();
  return (task) => {
    if ("file" in task) {
      rows = readItemRows(resolveSchema(task.spec), task.file);
      return;
    }
    queue = queue.then(async () => {
      try {
        const r = await rows!.next();
        const batch = r.done ? null : r.value;
        const transfer = batch?.flatMap((x) =>
          x.content ? [x.content.buffer as ArrayBuffer] : []
        ) ?? [];
        post({ rows: batch }, transfer);
      } catch (e) {
        post({ error: postedError(e) }, []);
      }
    });
  };
}
