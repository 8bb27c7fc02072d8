/**
 * Fuzzing import: malformed rows made from a real Roundup export. Thousands of class and journal
 * rows go through the checking pass's row readers one at a time, and a few dozen whole exports
 * with one bad row go through `roundup admin import` into a real KV tracker. Each row is read or
 * refused with an error naming its file and line, and an import that fails writes nothing.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { memoryIo } from "../cli.ts";
import { type Db, openDb, resolveSchema } from "../store/mod.ts";
import { schema as classicSpec } from "../templates/classic/schema.ts";
import type { Tracker } from "../tracker/home.ts";
import { parseConfigIni } from "../tracker/config.ts";
import { runCommand } from "../admin/mod.ts";
import { COMMANDS } from "../admin/commands/mod.ts";
import { createContext } from "../admin/context.ts";
// The checking pass's own readers (admin/import_check.ts reads every row through them).
import { readHeader, readItem } from "../admin/transfer/import_rows.ts";
import { checkJournals } from "../admin/transfer/journal_check.ts";
import {
  csvLine,
  ExportFileError,
  readCsv,
} from "../admin/transfer/roundup_csv.ts";
import { caseLabel, quote, Rng, unclear, WriteRecorder } from "./_fuzz.ts";
import { mutateHeader, mutateRow } from "./_fuzz_csv.ts";

/** Rows read one at a time, and whole exports imported; FUZZ_ROWS / FUZZ_IMPORTS scale them. */
const ROWS = Number(Deno.env.get("FUZZ_ROWS") ?? 2400);
const IMPORTS = Number(Deno.env.get("FUZZ_IMPORTS") ?? 40);
const MAX_REPORTED = 8;
const FIXTURE = new URL("./fixtures/roundup_export/", import.meta.url).pathname;
const schema = resolveSchema(classicSpec);

interface ExportFile {
  name: string;
  cls: string;
  journal: boolean;
  rows: string[][];
}

async function fixtureFiles(): Promise<ExportFile[]> {
  const out: ExportFile[] = [];
  for await (const e of Deno.readDir(FIXTURE)) {
    if (!e.name.endsWith(".csv")) continue;
    const rows: string[][] = [];
    for await (const batch of readCsv(join(FIXTURE, e.name))) {
      rows.push(...batch.map((r) => r.fields));
    }
    const journal = e.name.endsWith("-journals.csv");
    const cls = e.name.replace(/(-journals)?\.csv$/, "");
    out.push({ name: e.name, cls, journal, rows });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Reads a class or journal file as the checking pass does; throws what it throws. */
async function checkFile(f: ExportFile, path: string): Promise<void> {
  if (f.journal) {
    await checkJournals(schema, [{ cls: f.cls, path }]);
    return;
  }
  const def = schema.classes.get(f.cls)!;
  let cols = null;
  for await (const rows of readCsv(path)) {
    for (const row of rows) {
      if (!cols) cols = readHeader(def, path, row);
      else readItem(def, cols, path, row);
    }
  }
}

/** The file's text with one row (or, now and then, its header) broken. */
function broken(r: Rng, f: ExportFile, onlyOneRow: boolean): string {
  const header = f.journal ? null : f.rows[0]!;
  const rows = f.journal ? f.rows : f.rows.slice(1);
  const pick = r.int(rows.length);
  const lines = rows.map((fields, i) =>
    i === pick ? mutateRow(r, fields) : onlyOneRow ? "" : csvLine(fields)
  );
  const head = header ? csvLine(mutateHeader(r, header)) : "";
  return head + lines.join("");
}

function problemOf(e: unknown, f: ExportFile, text: string): string | null {
  if (!(e instanceof ExportFileError)) {
    const err = e as Error;
    return `crashed with ${err?.name}: ${err?.message}\n${err?.stack}`;
  }
  if (!e.message.startsWith(`${f.name} line `)) {
    return `error does not name the file and line: ${quote(e.message)}`;
  }
  return unclear(e.message, text);
}

Deno.test("import's row check reads or refuses clearly each of 2,400 malformed rows", async () => {
  const files = await fixtureFiles();
  const dir = await Deno.makeTempDir({ prefix: "fuzz-rows-" });
  const failures: string[] = [];
  let refused = 0;
  try {
    for (let n = 0; n < ROWS && failures.length < MAX_REPORTED; n++) {
      const r = Rng.forCase("rows", n);
      const f = r.pick(files);
      const text = broken(r, f, true);
      const path = join(dir, f.name);
      await Deno.writeTextFile(path, text);
      try {
        await checkFile(f, path);
      } catch (e) {
        refused++;
        const problem = problemOf(e, f, text);
        if (problem) {
          failures.push(
            `${caseLabel("rows", n)}: ${problem}\n${f.name}: ${quote(text)}`,
          );
        }
      }
      await Deno.remove(path);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assert.deepEqual(failures, [], failures.join("\n\n"));
  assert.ok(refused > ROWS / 2, `only ${refused} of ${ROWS} rows were refused`);
});

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

/** Runs `roundup admin import DIR` on a tracker over `db`; returns its status and output. */
async function importInto(db: Db, dir: string) {
  const tracker = {
    home: dir,
    config: parseConfigIni(""),
    schema,
    db,
    close() {},
  } as unknown as Tracker;
  const io = memoryIo();
  const ctx = createContext({
    io,
    env: {},
    home: dir,
    login: null,
    commands: COMMANDS,
    open: () => Promise.resolve(tracker),
  });
  const code = await runCommand(ctx, ["import", dir]);
  return { code, out: io.stdout + io.stderr };
}

Deno.test("roundup admin import of 40 exports with a malformed row succeeds or fails clearly, writing nothing", async () => {
  const files = await fixtureFiles();
  const failures: string[] = [];
  let failed = 0;
  for (let n = 0; n < IMPORTS && failures.length < MAX_REPORTED; n++) {
    const r = Rng.forCase("import", n);
    const f = r.pick(files);
    const dir = await Deno.makeTempDir({ prefix: "fuzz-import-" });
    const db = openDb(await Deno.openKv(":memory:"), schema);
    try {
      await copyDir(FIXTURE, dir);
      const text = broken(r, f, false);
      await Deno.writeTextFile(join(dir, f.name), text);
      const rec = new WriteRecorder(db.kv);
      const { code, out } = await importInto(db, dir);
      let problem: string | null = null;
      if (code !== 0) {
        failed++;
        problem = unclear(out, text) ??
          (rec.writes.length
            ? `failed but wrote ${quote(rec.writes.slice(0, 5))}`
            : null);
      } else if (!rec.writes.length) problem = "succeeded but wrote nothing";
      if (problem) {
        failures.push(
          `${caseLabel("import", n)}: ${problem}\noutput: ${
            quote(out, 600)
          }\n${f.name}: ${quote(text)}`,
        );
      }
    } finally {
      db.close();
      await Deno.remove(dir, { recursive: true });
    }
  }
  assert.deepEqual(failures, [], failures.join("\n\n"));
  assert.ok(
    failed > IMPORTS / 4,
    `only ${failed} of ${IMPORTS} imports failed`,
  );
});

Deno.test("checkJournals() refuses clearly what the fuzz test found: a 22-digit item id", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fuzz-rows-" });
  try {
    const path = join(dir, "keyword-journals.csv");
    await Deno.writeTextFile(
      path,
      "'9999999999999999999999':(2026, 11, 22, 1, 6, 38.356, 0, 0, 0):'3':'create':{}\n",
    );
    await assert.rejects(checkJournals(schema, [{ cls: "keyword", path }]), {
      name: "ExportFileError",
      message:
        "keyword-journals.csv line 1: item id 9999999999999999999999 is too large: ids go up to 2147483647",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("roundup admin import refuses in its checking pass a key value too long to store, writing nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fuzz-import-" });
  const db = openDb(await Deno.openKv(":memory:"), schema);
  try {
    await copyDir(FIXTURE, dir);
    const file = join(dir, "user.csv");
    const text = await Deno.readTextFile(file);
    await Deno.writeTextFile(
      file,
      text.replace("'anonymous'", `'${"a".repeat(2000)}'`),
    );
    const rec = new WriteRecorder(db.kv);
    const { code, out } = await importInto(db, dir);
    assert.equal(code, 1);
    assert.match(
      out,
      /Error: user\.csv line 3: key property "username" of user2 is 2000 bytes long; key values may be at most 1800 bytes/,
    );
    assert.deepEqual(rec.writes, []);
  } finally {
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
