import assert from "node:assert/strict";
import { join } from "node:path";
import { TEST_SCHEMA } from "../tests/_helpers.ts";
import { type Db, type FilterOptions, openDb, resolveSchema } from "./mod.ts";
import { changeKeys, countKeys } from "./keys.ts";
import { deletePrefix } from "./maintenance.ts";

const SORT: Array<["-", string]> = [["-", "activity"]];

/** A database on a real KV file with statuses, a user and `n` issues (every 5th retired). */
async function fileDb(n: number): Promise<{ db: Db; path: string }> {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "data.kv");
  let t = Date.UTC(2026, 0, 1);
  const db = openDb(await Deno.openKv(path), resolveSchema(TEST_SCHEMA), {
    now: () => (t += 1000),
  });
  for (const name of ["new", "open", "done"]) {
    await db.cls("status").create({ name });
  }
  await db.cls("user").create({ username: "ann" });
  for (let i = 0; i < n; i += 50) {
    await db.transact(async (tx) => {
      for (let j = i; j < Math.min(n, i + 50); j++) {
        await tx.create("issue", {
          title: `issue ${j} ${j % 2 ? "odd" : "even"}`,
          status: j % 4 === 3 ? undefined : String(1 + j % 3),
          assignedto: j % 3 === 0 ? "1" : undefined,
        });
      }
    });
  }
  for (let i = 5; i <= n; i += 5) await db.cls("issue").retire(String(i));
  return { db, path };
}

/** The number of live issues matching, from a filter with no page (read in full). */
async function truth(db: Db, opts: FilterOptions): Promise<number> {
  return (await db.cls("issue").filter(opts)).length;
}

async function close(db: Db, path: string): Promise<void> {
  db.close();
  await Deno.remove(join(path, ".."), { recursive: true });
}

/** Makes the database look as format 2 left it: no counts, format 2. */
async function asFormat2(db: Db): Promise<void> {
  await deletePrefix(db.kv, countKeys.all());
  await db.setMeta("format", 2);
}

const EXACT: Array<[string, FilterOptions]> = [
  ["the whole class", {}],
  ["open issues", { filterspec: { status: ["-1", "1", "2"] } }],
  ["one status", { filterspec: { status: "2" } }],
  ["assigned to ann", { filterspec: { assignedto: "1" } }],
  ["unassigned", { filterspec: { assignedto: "-1" } }],
  ["grouped by status", {
    filterspec: { status: ["1", "2"] },
    group: [["+", "status"]],
  }],
];

const ESTIMATED: Array<[string, FilterOptions]> = [
  ["two Link filters", { filterspec: { status: "2", assignedto: "-1" } }],
  ["a text filter", { filterspec: { title: "odd" } }],
];

Deno.test("filterPage() gives exact totals from the counts for the class and one Link filter", async () => {
  const { db, path } = await fileDb(400);
  try {
    for (const [what, opts] of EXACT) {
      const page = await db.cls("issue").filterPage({
        ...opts,
        sort: SORT,
        limit: 10,
      });
      assert.equal(page.ids.length, 10, what);
      assert.equal(page.estimated, false, what);
      assert.equal(page.total, await truth(db, opts), what);
    }
    const nobody = await db.cls("issue").filterPage({
      filterspec: { assignedto: "2" },
      sort: SORT,
      limit: 10,
      withRecords: true,
    });
    assert.deepEqual(nobody, {
      ids: [],
      total: 0,
      estimated: false,
      records: [],
    });
    for (const [what, opts] of ESTIMATED) {
      const page = await db.cls("issue").filterPage({
        ...opts,
        sort: SORT,
        limit: 10,
      });
      assert.equal(page.estimated, true, what);
    }
  } finally {
    await close(db, path);
  }
});

Deno.test("a format-2 store estimates until migrate builds its counts", async () => {
  const { db, path } = await fileDb(300);
  try {
    const want = await truth(db, { filterspec: { status: ["-1", "1"] } });
    await asFormat2(db);
    // A fresh process: it has not seen the format yet.
    const old = openDb(await Deno.openKv(path), resolveSchema(TEST_SCHEMA));
    try {
      const before = await old.cls("issue").filterPage({
        sort: SORT,
        limit: 5,
      });
      assert.equal(before.estimated, true);
      await assert.rejects(
        () => old.cls("issue").create({ title: "refused" }),
        /store format 2, older than the format 3 this program writes; run "roundup admin migrate" first/,
      );
      assert.deepEqual(await old.migrateFormat(), {
        from: 2,
        to: 3,
        counted: true,
      });
      assert.equal(await old.getMeta("format"), 3);
      const bare = await old.cls("issue").filterPage({ sort: SORT, limit: 5 });
      assert.deepEqual(
        [bare.total, bare.estimated],
        [await truth(old, {}), false],
      );
      const open = await old.cls("issue").filterPage({
        filterspec: { status: ["-1", "1"] },
        sort: SORT,
        limit: 5,
      });
      assert.deepEqual([open.total, open.estimated], [want, false]);
      // The counts go on from there.
      await old.cls("issue").create({ title: "after", status: "1" });
      const again = await old.cls("issue").filterPage({
        filterspec: { status: ["-1", "1"] },
        sort: SORT,
        limit: 5,
      });
      assert.equal(again.total, want + 1);
      assert.deepEqual(await old.migrateFormat(), {
        from: 3,
        to: 3,
        counted: false,
      });
    } finally {
      old.close();
    }
  } finally {
    await close(db, path);
  }
});

Deno.test("migrate refuses to mark counts kept while another writer changes the database", async () => {
  const { db, path } = await fileDb(200);
  try {
    await asFormat2(db);
    const fresh = openDb(await Deno.openKv(path), resolveSchema(TEST_SCHEMA));
    let stop = false;
    // A writer of the old program: every commit of it bumps the change counter. (It shares
    // migrate's KV handle: a second handle in one process waits on SQLite's lock meanwhile.)
    const writer = (async () => {
      while (!stop) {
        // No pause: a commit lands between any two steps of migrate's scan.
        await fresh.kv.atomic().sum(changeKeys.counter(), 1n).commit();
      }
    })();
    try {
      await assert.rejects(
        () => fresh.migrateFormat(),
        /items kept changing while their counts were built; stop the server/,
      );
      assert.equal(await fresh.getMeta("format"), 2);
      const page = await fresh.cls("issue").filterPage({
        sort: SORT,
        limit: 5,
      });
      assert.equal(page.estimated, true);
    } finally {
      stop = true;
      await writer;
      fresh.close();
    }
    // Once the writer stopped, migrate succeeds.
    const later = openDb(await Deno.openKv(path), resolveSchema(TEST_SCHEMA));
    try {
      assert.deepEqual(await later.migrateFormat(), {
        from: 2,
        to: 3,
        counted: true,
      });
      const page = await later.cls("issue").filterPage({
        sort: SORT,
        limit: 5,
      });
      assert.deepEqual([page.total, page.estimated], [160, false]);
    } finally {
      later.close();
    }
  } finally {
    await close(db, path);
  }
});

Deno.test("counts of a class whose Link properties changed are not believed until migrate", async () => {
  const { db, path } = await fileDb(200);
  try {
    const spec = structuredClone(TEST_SCHEMA);
    const issue = spec.classes.find((c) => c.name === "issue")!;
    issue.properties.reviewer = { type: "Link", class: "user" };
    const edited = openDb(await Deno.openKv(path), resolveSchema(spec));
    try {
      const opts: FilterOptions = { filterspec: { reviewer: "-1" } };
      const before = await edited.cls("issue").filterPage({
        ...opts,
        sort: SORT,
        limit: 5,
      });
      assert.equal(before.estimated, true);
      // Other classes kept their properties: their counts still hold.
      const statuses = await edited.cls("status").filterPage({
        sort: [["+", "id"]],
        limit: 1,
      });
      assert.deepEqual([statuses.total, statuses.estimated], [3, false]);
      assert.deepEqual(await edited.migrateFormat(), {
        from: 3,
        to: 3,
        counted: true,
      });
      const after = await edited.cls("issue").filterPage({
        ...opts,
        sort: SORT,
        limit: 5,
      });
      assert.deepEqual([after.total, after.estimated], [160, false]);
    } finally {
      edited.close();
    }
  } finally {
    await close(db, path);
  }
});
