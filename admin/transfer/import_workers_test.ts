import assert from "node:assert/strict";
import { join } from "node:path";
import { CreationLinks, resolveSchema } from "../../store/mod.ts";
import { schema as classicSpec } from "../../templates/classic/schema.ts";
import { type ItemFile, itemRows, readItemRows } from "./item_rows.ts";
import {
  checkJournals,
  checkJournalsAside,
  type JournalFile,
} from "./journal_check.ts";
import { ExportFileError } from "./roundup_csv.ts";
import { WORKER_URL } from "./worker_call.ts";
import { journalRows, readJournalRows } from "./journal_rows.ts";

const FIXTURE = new URL(
  "../../tests/fixtures/roundup_export/",
  import.meta.url,
).pathname;
const schema = resolveSchema(classicSpec);
/** A worker module that does not exist: the callers must do the work themselves. */
const MISSING = new URL("./no_such_worker.ts", import.meta.url);

async function all<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}

const msgFile: ItemFile = {
  cls: "msg",
  csv: join(FIXTURE, "msg.csv"),
  dir: FIXTURE,
  withFiles: true,
};

Deno.test("itemRows() gives the same items and contents from a worker, and here when no worker starts", async () => {
  const here = await all(readItemRows(schema, msgFile));
  assert.equal(here.length, 3);
  assert.ok(here.every((r) => r.content instanceof Uint8Array));
  assert.deepEqual(await all(itemRows(schema, msgFile, { minBytes: 0 })), here);
  assert.deepEqual(
    await all(itemRows(schema, msgFile, { minBytes: 0, workerUrl: MISSING })),
    here,
  );
});

Deno.test("itemRows() reports a bad row read in the worker with its file and line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "roundup-rows-" });
  try {
    const csv = join(dir, "status.csv");
    await Deno.writeTextFile(
      csv,
      "id:name:order:is retired\n'1':'new':1.0:0\n'x':'open':2.0:0\n",
    );
    const file = { cls: "status", csv, dir, withFiles: false };
    await assert.rejects(
      all(itemRows(schema, file, { minBytes: 0 })),
      (e: Error) =>
        e instanceof ExportFileError &&
        /^status\.csv line 3: id/.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const journals: JournalFile[] = ["user", "msg", "issue"].map((cls) => ({
  cls,
  path: join(FIXTURE, `${cls}-journals.csv`),
}));

Deno.test("checkJournalsAside() finds in a worker what checkJournals() finds here", async () => {
  const here = await checkJournals(schema, journals);
  assert.deepEqual(here.files.map((f) => f.entries), [9, 10, 11]);
  const aside = await checkJournalsAside(schema, journals).result();
  assert.deepEqual(aside, here);
  const fallback = await checkJournalsAside(schema, journals, MISSING).result();
  assert.deepEqual(fallback, here);
});

Deno.test("checkJournalsAside() reports a bad row with its file and line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "roundup-journal-" });
  try {
    const path = join(dir, "issue-journals.csv");
    await Deno.writeTextFile(
      path,
      "'1':(2026, 1, 1, 0, 0, 0.0, 0, 0, 0):'1':'create':{}\n'1':'yesterday':'1':'set':{}\n",
    );
    await assert.rejects(
      checkJournalsAside(schema, [{ cls: "issue", path }]).result(),
      (e: Error) =>
        e instanceof ExportFileError &&
        /^issue-journals\.csv line 2: /.test(e.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The fixture's link notes as the writing pass has them once every item is laid out. */
async function settledLinks(): Promise<CreationLinks> {
  const links = new CreationLinks(
    (await checkJournals(schema, journals)).links,
  );
  for (const cls of ["user", "msg", "issue"]) {
    const file = {
      cls,
      csv: join(FIXTURE, `${cls}.csv`),
      dir: FIXTURE,
      withFiles: false,
    };
    for (const { rec } of await all(readItemRows(schema, file))) {
      links.prepareItem(cls, rec);
    }
  }
  return links;
}

Deno.test("journalRows() gives in a worker the entries readJournalRows() gives here", async () => {
  const links = await settledLinks();
  const here = await all(readJournalRows(schema, links, journals));
  const written = here.reduce((n, b) => n + b.entries.length, 0);
  assert.ok(links.derivedCount() > 0);
  assert.ok(links.keptCount() > 0);
  assert.equal(
    written,
    9 + 10 + 11 - links.derivedCount() - links.keptCount(),
  );
  assert.deepEqual(here.map((b) => b.cls), ["user", "msg", "issue"]);
  assert.deepEqual(await all(journalRows(schema, links, journals)), here);
  assert.deepEqual(
    await all(journalRows(schema, links, journals, MISSING)),
    here,
  );
});

/** Posts `messages` to a fresh worker.ts and collects `count` answers (no fallback here). */
async function askWorker(
  messages: unknown[],
  count: number,
): Promise<unknown[]> {
  const worker = new Worker(WORKER_URL, { type: "module" });
  try {
    return await new Promise((resolve, reject) => {
      const answers: unknown[] = [];
      worker.onmessage = (ev) => {
        answers.push(ev.data);
        if (answers.length === count) resolve(answers);
      };
      worker.onerror = (ev) => {
        ev.preventDefault();
        reject(new Error(`worker.ts failed: ${ev.message}`));
      };
      for (const m of messages) worker.postMessage(m);
    });
  } finally {
    worker.terminate();
  }
}

Deno.test("worker.ts serves every role: checking journals, reading items, reading journals", async () => {
  const [checked] = await askWorker([{
    role: "check",
    task: { spec: schema.spec, files: journals },
  }], 1);
  assert.deepEqual(checked, {
    result: await checkJournals(schema, journals),
  });
  const [items, end] = await askWorker([
    { role: "items", task: { spec: schema.spec, file: msgFile } },
    { next: true },
    { next: true },
  ], 2);
  assert.deepEqual(items, { batch: await all(readItemRows(schema, msgFile)) });
  assert.deepEqual(end, { batch: null });
  const links = await settledLinks();
  const [rows] = await askWorker([
    {
      role: "journals",
      task: { spec: schema.spec, links: links.state, files: journals },
    },
    { next: true },
  ], 1);
  const first = await readJournalRows(schema, links, journals).next();
  assert.deepEqual(rows, { batch: first.value });
});
