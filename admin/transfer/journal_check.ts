/**
 * The checking pass over an export's journals (`class-journals.csv`): every row decodes, and
 * the store's link notes (LinkNotes) are taken and settled. It needs only the schema and
 * the files, so it runs in a worker (worker.ts) while the main thread checks the
 * class files; where no worker can start (a bundle without the worker file, hosts without
 * workers) it runs here instead.
 */
import {
  InvalidValueError,
  LinkNotes,
  type LinkState,
  resolveSchema,
  type Schema,
} from "../../store/mod.ts";
import { importJournal } from "./export_journal.ts";
import { ExportFileError, readCsv } from "./roundup_csv.ts";
import {
  type PostedError,
  postedError,
  reviveError,
  startWorker,
  WORKER_URL,
} from "./worker_call.ts";

/** One journal file to check. */
export interface JournalFile {
  cls: string;
  path: string;
}

/** What the check found, per file in the order given, and the settled link notes. */
export interface JournalCheck {
  files: Array<{
    cls: string;
    entries: number;
    /** Each run of rows of one item: its id and the line it starts on. */
    ids: Int32Array;
    lines: Int32Array;
  }>;
  links: LinkState;
}

/** Checks the journal files in order; throws ExportFileError naming file and line. */
export async function checkJournals(
  schema: Schema,
  files: JournalFile[],
): Promise<JournalCheck> {
  const notes = new LinkNotes(schema);
  const out: JournalCheck["files"] = [];
  for (const { cls, path } of files) {
    const def = schema.classes.get(cls)!;
    notes.startJournal(cls);
    const ids: number[] = [];
    const lines: number[] = [];
    let last = "";
    let entries = 0;
    for await (const rows of readCsv(path)) {
      for (const row of rows) {
        try {
          const e = importJournal(def, row.fields);
          notes.note(cls, e.id, e.entry);
          if (e.id !== last) {
            last = e.id;
            ids.push(Number(e.id));
            lines.push(row.line);
          }
        } catch (e) {
          if (!(e instanceof InvalidValueError)) throw e;
          throw new ExportFileError(path, row.line, e.message, e);
        }
        entries++;
      }
    }
    out.push({
      cls,
      entries,
      ids: Int32Array.from(ids),
      lines: Int32Array.from(lines),
    });
  }
  return { files: out, links: notes.settle() };
}

/** A journal check under way: result() waits for it, cancel() drops it. */
export interface JournalCheckRun {
  result(): Promise<JournalCheck>;
  cancel(): void;
}

/**
 * Starts checkJournals in a worker when one can start. When none can, result() runs the check
 * here, so nothing runs here unless the result is wanted.
 */
export function checkJournalsAside(
  schema: Schema,
  files: JournalFile[],
  workerUrl: URL = WORKER_URL,
): JournalCheckRun {
  const here = () => checkJournals(schema, files);
  const worker = startWorker(workerUrl);
  if (!worker) return { result: here, cancel: () => {} };
  const answer = new Promise<WorkerAnswer | null>((resolve) => {
    worker.onmessage = (ev: MessageEvent<WorkerAnswer>) => {
      worker.terminate();
      resolve(ev.data);
    };
    // The worker could not run (its module is missing, say): null means check here.
    worker.onerror = (ev) => {
      ev.preventDefault();
      worker.terminate();
      resolve(null);
    };
  });
  worker.postMessage(
    {
      role: "check",
      task: { spec: schema.spec, files },
    } satisfies CheckRequest,
  );
  return {
    async result() {
      const a = await answer;
      if (!a) return await here();
      if ("error" in a) throw reviveError(a.error);
      return a.result;
    },
    cancel: () => worker.terminate(),
  };
}

/** What the worker is given. */
export interface WorkerTask {
  spec: Schema["spec"];
  files: JournalFile[];
}

/** What the worker is told: its role and the task. */
export interface CheckRequest {
  role: "check";
  task: WorkerTask;
}

/** What the worker answers. */
export type WorkerAnswer =
  | { result: JournalCheck }
  | { error: PostedError };

/** The worker's side: checks the task of each request and posts the answer. */
export function serveJournalCheck(
  post: (a: WorkerAnswer) => void,
): (req: CheckRequest) => void {
  return (req) => void answerTask(req.task).then(post);
}

/** Checks a task as the worker does, and answers with the result or the error. */
export async function answerTask(task: WorkerTask): Promise<WorkerAnswer> {
  try {
    return {
      result: await checkJournals(resolveSchema(task.spec), task.files),
    };
  } catch (e) {
    return { error: postedError(e) };
  }
}
