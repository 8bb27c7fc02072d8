import assert from "node:assert/strict";
import { join } from "node:path";
import { type Db, openDb, resolveSchema } from "../../store/mod.ts";
import { schema as classicSpec } from "../../templates/classic/schema.ts";
import { exportTracker } from "./export_tracker.ts";
import { importTracker } from "./import_tracker.ts";

const FIXTURE = new URL(
  "../../tests/fixtures/roundup_export/",
  import.meta.url,
).pathname;

async function freshDb(start = Date.UTC(2030, 0, 1)): Promise<Db> {
  let t = start;
  return openDb(await Deno.openKv(":memory:"), resolveSchema(classicSpec), {
    now: () => (t += 1000),
  });
}

/**
 * Runs `body` with `source`, an empty tracker to import into and a scratch directory; closes
 * both trackers and removes the directory afterwards.
 */
async function withTarget(
  source: Db,
  body: (source: Db, target: Db, dir: string) => Promise<void>,
): Promise<void> {
  const target = await freshDb(Date.UTC(2031, 0, 1));
  const dir = await Deno.makeTempDir({ prefix: "roundup-links-" });
  try {
    await body(source, target, dir);
  } finally {
    source.close();
    target.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Every item's history, by designator. */
async function histories(db: Db): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const cls of db.classNames()) {
    const h = db.cls(cls);
    for (const id of await h.list(null)) {
      out.set(`${cls}${id}`, await h.history(id));
    }
  }
  return out;
}

async function csvFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile) out.set(e.name, await Deno.readTextFile(join(dir, e.name)));
  }
  return out;
}

/** Creation links of every kind: kept, removed later, removed and added again, of retired items. */
async function linkedDb(): Promise<Db> {
  const db = await freshDb();
  await db.transact(async (tx) => {
    for (const username of ["admin", "ann", "bob", "cat"]) {
      await tx.create("user", { username, roles: "User" });
    }
    for (const name of ["new", "open"]) await tx.create("status", { name });
    for (const name of ["ui", "db"]) await tx.create("keyword", { name });
  });
  const msg = await db.cls("msg").create({ content: "first", author: "2" });
  const one = await db.cls("issue").create({
    title: "one",
    status: "1",
    nosy: ["2", "3"],
    keyword: ["1", "2"],
    assignedto: "3",
    messages: [msg],
  });
  await db.cls("issue").set(one, { nosy: ["3"], status: "2" });
  await db.cls("issue").set(one, { nosy: ["2", "3", "4"], keyword: ["1"] });
  const two = await db.cls("issue").create({ title: "two", nosy: ["4"] });
  await db.cls("issue").retire(two);
  await db.cls("issue").set(one, { assignedto: null });
  return db;
}

Deno.test("import stores creation links of its own export in derived form, every history unchanged", async () => {
  await withTarget(await linkedDb(), async (source, target, dir) => {
    const exported = await exportTracker(source, join(dir, "a"));
    const result = await importTracker(target, join(dir, "a"));
    assert.equal(result.entries, exported.entries);
    // issue1: status, 2 keywords, assignedto, message (nosy is not journalled).
    assert.equal(result.derivedLinks, 5);
    // Every create row is its item's first: all are kept in the records, as the source keeps them.
    assert.equal(result.keptCreates, result.items);
    assert.deepEqual(await histories(target), await histories(source));
    await exportTracker(target, join(dir, "b"));
    assert.deepEqual(
      await csvFiles(join(dir, "b")),
      await csvFiles(join(dir, "a")),
    );
    // Reindexing rebuilds the stamps from the create entries: nothing changes.
    await target.reindex();
    assert.deepEqual(await histories(target), await histories(source));
  });
});

Deno.test("import keeps the link rows Roundup dated apart from their create row", async () => {
  const db = await freshDb();
  try {
    const result = await importTracker(db, FIXTURE);
    // Of its 18 link rows, those that share the date of their create row (5) are derived.
    assert.equal(result.derivedLinks, 5);
    // Every create row of Roundup's export is its item's first, with no params: all are kept.
    assert.equal(result.keptCreates, result.items);
    const msg1 = await db.cls("msg").history("1");
    assert.deepEqual(msg1[1], {
      id: "1",
      date: Date.UTC(2026, 10, 22, 1, 6, 38, 355),
      user: "3",
      action: "link",
      params: ["issue", "1", "messages"],
    });
  } finally {
    db.close();
  }
});

Deno.test("import writes link rows as rows when the journal is not grouped by item", async () => {
  await withTarget(await linkedDb(), async (source, target, dir) => {
    await exportTracker(source, dir);
    // Move user3's first row to the end: its rows are no longer next to each other.
    const path = join(dir, "user-journals.csv");
    const lines = (await Deno.readTextFile(path)).trimEnd().split("\n");
    const at = lines.findIndex((l) => l.startsWith("'3':"));
    lines.push(...lines.splice(at, 1));
    await Deno.writeTextFile(path, lines.join("\n") + "\n");
    const result = await importTracker(target, dir);
    // Only the links into other classes (status, 2 keywords, msg) keep their derived form.
    assert.equal(result.derivedLinks, 4);
    // Nor are the 4 users' create rows kept in their records.
    assert.equal(result.keptCreates, result.items - 4);
    assert.deepEqual(
      await target.cls("user").history("3"),
      await source.cls("user").history("3"),
    );
    assert.deepEqual(
      await target.cls("user").history("2"),
      await source.cls("user").history("2"),
    );
  });
});

Deno.test("import keeps a create row that is not its item's first as a row, and exports it back the same", async () => {
  await withTarget(await linkedDb(), async (source, target, dir) => {
    await exportTracker(source, join(dir, "a"));
    const path = join(dir, "a", "issue-journals.csv");
    const lines = (await Deno.readTextFile(path)).split("\n");
    const at = lines.findIndex((l) =>
      l.startsWith("'2':") && l.includes(":'create':{}")
    );
    assert.ok(at >= 0);
    // An empty "set" row of the same date before issue2's create row.
    lines.splice(at, 0, lines[at]!.replace(":'create':", ":'set':"));
    await Deno.writeTextFile(path, lines.join("\n"));
    const result = await importTracker(target, join(dir, "a"));
    assert.equal(result.keptCreates, result.items - 1);
    const [first, second] = await target.cls("issue").history("2");
    assert.deepEqual([first!.action, second!.action], ["set", "create"]);
    await exportTracker(target, join(dir, "b"));
    assert.deepEqual(
      await csvFiles(join(dir, "b")),
      await csvFiles(join(dir, "a")),
    );
  });
});

Deno.test("import keeps a create row in its record when link rows of its date come first", async () => {
  // One clock tick for everything: the message's derived link row sorts before its create row.
  const oneTick = openDb(
    await Deno.openKv(":memory:"),
    resolveSchema(classicSpec),
    { now: () => Date.UTC(2030, 0, 1) },
  );
  await withTarget(oneTick, async (source, target, dir) => {
    await source.transact(async (tx) => {
      const user = await tx.create("user", { username: "ann" });
      const msg = await tx.create("msg", { content: "hi", author: user });
      await tx.create("issue", { title: "t", messages: [msg], nosy: [user] });
    });
    await exportTracker(source, join(dir, "a"));
    const msgRows = await Deno.readTextFile(join(dir, "a", "msg-journals.csv"));
    assert.deepEqual(
      msgRows.trim().split("\n").map((l) => /:'(create|link)':/.exec(l)?.[1]),
      ["link", "create"],
    );
    const result = await importTracker(target, join(dir, "a"));
    assert.equal(result.keptCreates, result.items);
    assert.equal(result.derivedLinks, result.entries - result.items);
    assert.deepEqual(await histories(target), await histories(source));
    await exportTracker(target, join(dir, "b"));
    assert.deepEqual(
      await csvFiles(join(dir, "b")),
      await csvFiles(join(dir, "a")),
    );
  });
});
