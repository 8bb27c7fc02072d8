import assert from "node:assert/strict";
import { join } from "node:path";
import { memoryIo, UsageError } from "../../cli.ts";
import { type Db, openDb, resolveSchema } from "../../store/mod.ts";
import { schema as classicSpec } from "../../templates/classic/schema.ts";
import type { Tracker } from "../../tracker/home.ts";
import { parseConfigIni } from "../../tracker/config.ts";
import { createContext } from "../context.ts";
import type { AdminContext } from "../types.ts";
import { CsvWriter, readCsv } from "./roundup_csv.ts";
import { command as exportCommand } from "../commands/export.ts";
import { command as exporttables } from "../commands/exporttables.ts";
import { command as importCommand } from "../commands/import.ts";

const FIXTURE =
  new URL("../../tests/fixtures/roundup_export/", import.meta.url).pathname;

async function freshDb(): Promise<Db> {
  return openDb(await Deno.openKv(":memory:"), resolveSchema(classicSpec));
}

function testContext(
  db: Db,
): AdminContext & { io: ReturnType<typeof memoryIo> } {
  const tracker = {
    home: "/tracker",
    config: parseConfigIni(""),
    schema: db.schema,
    db,
    close() {},
  } as unknown as Tracker;
  const io = memoryIo();
  const ctx = createContext({
    io,
    env: {},
    home: "/tracker",
    login: null,
    commands: [],
    open: () => Promise.resolve(tracker),
  });
  return Object.assign(ctx, { io });
}

async function kvEntries(db: Db): Promise<number> {
  let n = 0;
  for await (const _ of db.kv.list({ prefix: [] })) n++;
  return n;
}

/** A copy of the real Roundup export to spoil. */
async function fixtureCopy(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "roundup-import-" });
  const copy = async (from: string, to: string): Promise<void> => {
    for await (const e of Deno.readDir(from)) {
      if (e.isDirectory) {
        await Deno.mkdir(join(to, e.name));
        await copy(join(from, e.name), join(to, e.name));
      } else await Deno.copyFile(join(from, e.name), join(to, e.name));
    }
  };
  await copy(FIXTURE, dir);
  return dir;
}

/** Sets one field (by column name) of the row on `line` of a class file. */
async function setField(
  path: string,
  line: number,
  column: string,
  value: string,
): Promise<void> {
  const rows: string[][] = [];
  for await (const batch of readCsv(path)) {
    for (const r of batch) rows.push(r.fields);
  }
  rows[line - 1]![rows[0]!.indexOf(column)] = value;
  const out = await CsvWriter.create(path);
  for (const r of rows) await out.write(r);
  await out.close();
}

const append = (path: string, text: string) =>
  Deno.writeTextFile(path, text, { append: true });
const JOURNAL_DATE = "(2026, 1, 1, 0, 0, 0.0, 0, 0, 0)";

const BAD_EXPORTS: Array<[string, (dir: string) => Promise<unknown>, RegExp]> =
  [
    [
      "an unclosed quote",
      (d) => append(join(d, "issue.csv"), `'4':"unclosed\n`),
      /^issue\.csv line 5: malformed CSV/,
    ],
    [
      "a short row",
      (d) => append(join(d, "issue.csv"), "'4':None:None\n"),
      /^issue\.csv line 5: expected 15 fields as in the header, found 3$/,
    ],
    [
      "an unknown property",
      (d) => setField(join(d, "issue.csv"), 1, "title", "headline"),
      /^issue\.csv line 1: class "issue" has no property "headline"$/,
    ],
    [
      "an unknown class",
      (d) => Deno.writeTextFile(join(d, "widget.csv"), "id\n"),
      /^widget\.csv: no such class "widget"$/,
    ],
    [
      "a bad date",
      (d) =>
        setField(
          join(d, "issue.csv"),
          3,
          "activity",
          "(2024, 13, 1, 0, 0, 0.0, 0, 0, 0)",
        ),
      /^issue\.csv line 3: property "activity": bad date \(2024, 13, 1, 0, 0, 0\.0, 0, 0, 0\): month 13 is out of range$/,
    ],
    [
      "text for a link",
      (d) => setField(join(d, "issue.csv"), 2, "status", "'open'"),
      /^issue\.csv line 2: property "status": expected an item id, got 'open'$/,
    ],
    [
      "a link to a missing item",
      (d) => setField(join(d, "issue.csv"), 2, "status", "'99'"),
      /^issue\.csv line 2: property "status": status99 does not exist$/,
    ],
    [
      "a repeated id",
      (d) => setField(join(d, "issue.csv"), 3, "id", "'1'"),
      /^issue\.csv line 3: issue1 appears twice$/,
    ],
    [
      "a repeated key",
      (d) => setField(join(d, "keyword.csv"), 3, "name", "'ui'"),
      /^keyword\.csv line 4: name "ui" is used by both keyword3 and keyword1$/,
    ],
    [
      "a missing content file",
      (d) => Deno.remove(join(d, "msg-files/0/msg2")),
      /^msg\.csv line 3: the content of msg2 is missing: no file msg-files\/0\/msg2$/,
    ],
    [
      "an unknown journal action",
      (d) =>
        append(
          join(d, "issue-journals.csv"),
          `'1':${JOURNAL_DATE}:'1':'frobbed':None\n`,
        ),
      /^issue-journals\.csv line 12: unknown journal action 'frobbed'$/,
    ],
    [
      "a journal entry of a missing item",
      (d) =>
        append(
          join(d, "issue-journals.csv"),
          `'77':${JOURNAL_DATE}:'1':'create':{}\n`,
        ),
      /^issue-journals\.csv line 12: issue77 does not exist$/,
    ],
  ];

for (const [what, spoil, message] of BAD_EXPORTS) {
  Deno.test(`import refuses an export with ${what} and writes nothing`, async () => {
    const dir = await fixtureCopy();
    const db = await freshDb();
    try {
      await spoil(dir);
      await assert.rejects(
        importCommand.run([dir], testContext(db)),
        (e: Error) => {
          assert.match(e.message, message);
          return true;
        },
      );
      assert.equal(await kvEntries(db), 0);
    } finally {
      db.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("import refuses a key already used by another item of the tracker", async () => {
  const db = await freshDb();
  try {
    await db.cls("user").create({ username: "zoe" });
    const before = await kvEntries(db);
    await assert.rejects(
      importCommand.run([FIXTURE], testContext(db)),
      /^KeyInUseError: user\.csv line \d: user1 is already in the tracker with username "zoe"/,
    );
    assert.equal(await kvEntries(db), before);
    await assert.rejects(
      importCommand.run(["/no/such/dir"], testContext(db)),
      /Cannot import "\/no\/such\/dir": no such directory/,
    );
  } finally {
    db.close();
  }
});

Deno.test("import and export commands check their arguments as Roundup does", async () => {
  const db = await freshDb();
  try {
    const ctx = testContext(db);
    await assert.rejects(
      exportCommand.run([], ctx),
      (e) => e instanceof UsageError && /Not enough arguments/.test(e.message),
    );
    await assert.rejects(exportCommand.run(["a", "b", "c"], ctx), UsageError);
    await assert.rejects(
      exportCommand.run(["issue,nope", "/tmp/x"], ctx),
      /There is no class "nope"/,
    );
    await assert.rejects(importCommand.run([], ctx), /Not enough arguments/);
    await assert.rejects(importCommand.run(["a", "b"], ctx), UsageError);
  } finally {
    db.close();
  }
});

Deno.test("import prints Roundup's id counters and export writes the chosen classes", async () => {
  const db = await freshDb();
  const dir = await Deno.makeTempDir();
  try {
    const ctx = testContext(db);
    assert.equal(await importCommand.run([FIXTURE], ctx), 0);
    assert.match(ctx.io.stdout, /\nsetting issue 4\n/);
    assert.match(ctx.io.stdout, /\nsetting query 2\n/);
    assert.equal(await db.getMeta("initialised"), true);
    assert.equal(
      await exportCommand.run(["-msg,file,query", join(dir, "some")], ctx),
      0,
    );
    const names = [];
    for await (const e of Deno.readDir(join(dir, "some"))) names.push(e.name);
    assert.deepEqual(names.sort(), [
      "issue-journals.csv",
      "issue.csv",
      "keyword-journals.csv",
      "keyword.csv",
      "priority-journals.csv",
      "priority.csv",
      "status-journals.csv",
      "status.csv",
      "user-journals.csv",
      "user.csv",
    ]);
    const tables = testContext(db);
    assert.equal(
      await exporttables.run(["msg,issue", join(dir, "tables")], tables),
      0,
    );
    // Roundup's progress display ends each class and each journal with a line padded to 75.
    const done = (info: string) => `${info} done`.padEnd(75) + "\n";
    assert.equal(
      tables.io.stdout,
      "Exporting msg WITHOUT the files\r\n" + done("Exporting msg") +
        done("   Writing journals") + done("Exporting issue") +
        done("   Writing journals"),
    );
    await assert.rejects(
      Deno.stat(join(dir, "tables", "msg-files")),
      Deno.errors.NotFound,
    );
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("import into a tracker that has the items already rewrites them in place", async () => {
  const db = await freshDb();
  const dir = await Deno.makeTempDir();
  try {
    const ctx = testContext(db);
    // The first import loads the empty classes in bulk, the second replaces every item with put.
    assert.equal(await importCommand.run([FIXTURE], ctx), 0);
    assert.equal(await exporttables.run([join(dir, "first")], ctx), 0);
    await db.cls("issue").set("1", { title: "changed" });
    assert.equal(await importCommand.run([FIXTURE], ctx), 0);
    assert.equal(await exporttables.run([join(dir, "second")], ctx), 0);
    for (const name of ["issue.csv", "user.csv", "msg.csv", "keyword.csv"]) {
      assert.equal(
        await Deno.readTextFile(join(dir, "second", name)),
        await Deno.readTextFile(join(dir, "first", name)),
        name,
      );
    }
    assert.equal(
      await db.cls("issue").get("1", "title"),
      "Login fails: tab\there",
    );
    assert.equal((await db.cls("issue").getItem("1")).rev, 3);
    assert.deepEqual(await db.search("Login", "issue"), ["1"]);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
