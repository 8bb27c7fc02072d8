/**
 * The items of one class file of an export, decoded, with their content files and index words:
 * what the writing pass of import stores. A big file is read in a worker, a batch ahead of the
 * caller, so that parsing, file reads and tokenising run on another core while this thread lays
 * out and commits; a small one, or where no worker can start, is read here.
 */
import { join } from "node:path";
import {
  type ItemRecord,
  newItemWords,
  resolveSchema,
  type Schema,
} from "../../store/mod.ts";
import { contentPath } from "./export_codec.ts";
import { readCsv } from "./roundup_csv.ts";
import { type Column, readHeader, readItem } from "./import_rows.ts";
import {
  type BatchAnswer,
  batchesAside,
  type BatchRequest,
  serveBatches,
} from "./worker_batches.ts";
import { WORKER_URL } from "./worker_call.ts";

/** One decoded item and, for FileClass items when files are imported, its content. */
export interface ItemRow {
  rec: ItemRecord;
  content?: Uint8Array;
  /** Its index words (newItemWords), worked out where the row is read. */
  words: Record<string, string[]>;
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
      batch.push({
        rec,
        content,
        words: newItemWords(def, rec.values, content),
      });
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
  yield* batchesAside(
    o.workerUrl ?? WORKER_URL,
    { spec: schema.spec, file: f } satisfies RowsTask,
    () => readItemRows(schema, f),
    { use: big, what: f.csv, role: "items" },
  );
}

/** What the worker is given. */
export interface RowsTask {
  spec: Schema["spec"];
  file: ItemFile;
}

/** The worker's side: reads the file given, a batch per request; contents move across. */
export function serveRows(
  post: (a: BatchAnswer<ItemRow>, transfer: Transferable[]) => void,
): (req: BatchRequest<RowsTask>) => void {
  return serveBatches(
    post,
    (task: RowsTask) => readItemRows(resolveSchema(task.spec), task.file),
    (batch) =>
      batch.flatMap((x) => x.content ? [x.content.buffer as ArrayBuffer] : []),
  );
}
