import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import {
  BulkLoader,
  ConflictError,
  type Db,
  type ItemRecord,
  JournalLoader,
} from "./mod.ts";

const DAY = 86_400_000;

function issue(id: number, o: { retired?: boolean } = {}): ItemRecord {
  return {
    id: String(id),
    rev: 0,
    retired: o.retired ?? false,
    values: {
      title: `login page ${id % 3 === 0 ? "crash" : "slow"} number${id}`,
      status: String(1 + id % 2),
      keyword: id % 4 === 0 ? ["1", "2"] : [],
      assignedto: id % 5 === 0 ? null : "1",
      estimate: id / 2,
      deadline: null,
      urgent: id % 2 === 0,
      messages: [],
      files: [],
      nosy: ["1"],
      superseder: [],
      creation: Date.UTC(2024, 0, 1) + id * DAY,
      activity: Date.UTC(2024, 0, 2) + id * DAY,
      creator: "1",
      actor: "1",
    },
  };
}

function msg(id: number): ItemRecord {
  return {
    id: String(id),
    rev: 0,
    retired: false,
    values: {
      author: "1",
      date: Date.UTC(2024, 1, 1),
      summary: `summary ${id}`,
      type: null,
      creation: Date.UTC(2024, 1, 1),
      activity: Date.UTC(2024, 1, 1),
      creator: "1",
      actor: "1",
    },
  };
}

/** Every KV entry as text, with full-text uids replaced by the document list each word has. */
async function contents(db: Db): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const words = new Map<string, string[]>();
  for await (const e of db.kv.list({ prefix: [] })) {
    const [kind] = e.key;
    if (kind === "word") {
      const list = words.get(String(e.key[1])) ?? [];
      list.push(...(e.value as string[]));
      words.set(String(e.key[1]), list);
    } else if (kind === "item") {
      const { words: _w, content: _c, rev: _r, ...rec } = e.value as ItemRecord;
      out.set(JSON.stringify(e.key), JSON.stringify(rec));
    } else if (e.value instanceof Deno.KvU64 && kind !== "changes") {
      out.set(JSON.stringify(e.key), `u64 ${e.value.value}`);
    } else if (kind !== "blob" && kind !== "changes") {
      out.set(JSON.stringify(e.key), JSON.stringify(e.value));
    }
  }
  for (const [w, list] of words) out.set(`word ${w}`, list.sort().join());
  return out;
}

/** The first few keys whose entries differ between the two databases. */
async function differences(a: Db, b: Db): Promise<string[]> {
  const x = await contents(a);
  const y = await contents(b);
  const keys = new Set([...x.keys(), ...y.keys()]);
  return [...keys].filter((k) => x.get(k) !== y.get(k)).slice(0, 5)
    .map((k) => `${k}: ${x.get(k)?.slice(0, 80)} / ${y.get(k)?.slice(0, 80)}`);
}

async function loadBoth(
  cls: string,
  items: Array<{ rec: ItemRecord; content?: string }>,
): Promise<[Db, Db]> {
  const bulk = await memoryDb();
  const put = await memoryDb();
  const loader = await BulkLoader.open(bulk, cls);
  assert.ok(loader);
  await loader.write(items.slice(0, 5));
  await loader.write(items.slice(5));
  await loader.drain();
  for (let i = 0; i < items.length; i += 20) {
    await put.transact(async (tx) => {
      for (const { rec, content } of items.slice(i, i + 20)) {
        await tx.put(cls, rec, content);
      }
    });
  }
  return [bulk, put];
}

Deno.test("BulkLoader.write() stores items, indexes, keys and postings as tx.put does", async () => {
  // More than one posting group: the loader starts a new one every 1,900 or so issues.
  const items = Array.from({ length: 2000 }, (_, i) => ({
    rec: issue(i + 1, { retired: i === 7 }),
  }));
  const [bulk, put] = await loadBoth("issue", items);
  try {
    assert.deepEqual(await differences(bulk, put), []);
    for (const q of ["crash", "number1999", "login"]) {
      assert.deepEqual(
        await bulk.search(q, "issue"),
        await put.search(q, "issue"),
      );
    }
    assert.equal((await bulk.search("slow", "issue")).length, 1333);
    assert.equal(await bulk.cls("issue").create({ title: "next" }), "2001");
  } finally {
    bulk.close();
    put.close();
  }
});

Deno.test("BulkLoader.write() stores content small, chunked and large as tx.put does", async () => {
  const long = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
  const items = [
    { rec: msg(1), content: "hello small world" },
    { rec: msg(2), content: "chunked ".repeat(4000) },
    { rec: msg(3), content: "large ".repeat(60_000) },
    { rec: msg(4), content: long },
    { rec: msg(9), content: "" },
    { rec: msg(10), content: "done" },
  ];
  const [bulk, put] = await loadBoth("msg", items);
  try {
    assert.deepEqual(await differences(bulk, put), []);
    for (const id of ["1", "2", "3", "4", "9"]) {
      assert.deepEqual(
        await bulk.cls("msg").getContent(id),
        await put.cls("msg").getContent(id),
        id,
      );
    }
    assert.deepEqual(await bulk.search("word299", "msg"), ["4"]);
    assert.deepEqual(await bulk.search("large", "msg"), ["3"]);
  } finally {
    bulk.close();
    put.close();
  }
});

Deno.test("BulkLoader.open() gives no loader for a class that has items", async () => {
  const db = await memoryDb();
  try {
    await db.cls("keyword").create({ name: "ui" });
    assert.equal(await BulkLoader.open(db, "keyword"), null);
    assert.ok(await BulkLoader.open(db, "status"));
  } finally {
    db.close();
  }
});

Deno.test("BulkLoader.write() fails with ConflictError once another writer added items", async () => {
  const db = await memoryDb();
  try {
    const loader = (await BulkLoader.open(db, "issue"))!;
    await loader.write([{ rec: issue(1) }]);
    await loader.drain();
    await db.cls("issue").create({ title: "meanwhile" });
    await loader.write([{ rec: issue(3) }]);
    await assert.rejects(() => loader.drain(), ConflictError);
    assert.equal(await db.cls("issue").exists("3"), false);
    assert.equal(await db.cls("issue").get("2", "title"), "meanwhile");
  } finally {
    db.close();
  }
});

Deno.test("BulkLoader.write() refuses an empty or repeated key", async () => {
  const db = await memoryDb();
  try {
    const loader = (await BulkLoader.open(db, "keyword"))!;
    const kw = (id: string, name: unknown, retired = false): ItemRecord => ({
      id,
      rev: 0,
      retired,
      values: { name },
    });
    await loader.write([{ rec: kw("1", "ui") }, { rec: kw("2", "ui", true) }]);
    await loader.drain();
    await assert.rejects(
      () => loader.write([{ rec: kw("3", "ui") }]),
      /Key "ui" is already used by keyword1/,
    );
    await assert.rejects(
      () => loader.write([{ rec: kw("4", "") }]),
      /key property "name" must not be empty/,
    );
    await loader.drain();
    assert.equal(await db.cls("keyword").lookup("ui"), "1");
    assert.deepEqual(await db.cls("keyword").list(null), ["1", "2"]);
  } finally {
    db.close();
  }
});

Deno.test("BulkLoader.open() moves the id counter to lastId with the first commit, and further when ids pass it", async () => {
  const db = await memoryDb();
  try {
    const loader = (await BulkLoader.open(db, "issue", { lastId: 50 }))!;
    await loader.write([{ rec: issue(1) }, { rec: issue(2) }]);
    await loader.drain();
    assert.equal(await db.kv.get(["seq", "issue"]).then((e) => e.value), 50);
    await loader.write([{ rec: issue(70) }]);
    await loader.write([{ rec: issue(60) }]);
    await loader.drain();
    assert.equal(await db.cls("issue").create({ title: "next" }), "71");
    assert.deepEqual(await db.cls("issue").list(), [
      "1",
      "2",
      "60",
      "70",
      "71",
    ]);
  } finally {
    db.close();
  }
});

Deno.test("JournalLoader.write() stores entries as tx.putJournal does, in order", async () => {
  const db = await memoryDb();
  const other = await memoryDb();
  try {
    const entries = Array.from({ length: 2500 }, (_, i) => ({
      id: String(1 + Math.floor(i / 1000)),
      entry: {
        date: Date.UTC(2024, 0, 1) + Math.floor(i / 7) * 1000,
        user: "1",
        action: i % 2 ? "link" as const : "set" as const,
        params: i % 2 ? ["issue", String(i), "nosy"] : { title: `t${i}` },
      },
    }));
    for (const d of [db, other]) {
      await d.transact(async (tx) => {
        for (let i = 1; i <= 3; i++) await tx.put("issue", issue(i));
      });
    }
    const journals = new JournalLoader(db);
    // Entries of one item with the same date share a call (7 entries per date here).
    await journals.write("issue", entries.slice(0, 1197));
    await journals.write("issue", entries.slice(1197));
    await journals.drain();
    for (let i = 0; i < entries.length; i += 700) {
      await other.transact((tx) => {
        for (const e of entries.slice(i, i + 700)) {
          tx.putJournal("issue", e.id, e.entry);
        }
        return Promise.resolve();
      });
    }
    for (const id of ["1", "2", "3"]) {
      const mine = await db.cls("issue").history(id);
      assert.deepEqual(mine, await other.cls("issue").history(id), id);
      assert.deepEqual(
        mine.map((e) => e.params),
        entries.filter((e) => e.id === id).map((e) => e.entry.params),
      );
    }
  } finally {
    db.close();
    other.close();
  }
});
