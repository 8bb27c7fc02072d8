import assert from "node:assert/strict";
import { join } from "node:path";
import { memoryDb, TEST_SCHEMA } from "../tests/_helpers.ts";
import {
  BulkLoader,
  type Db,
  type ItemRecord,
  openDb,
  resolveSchema,
} from "./mod.ts";
import { countKeys, keys } from "./keys.ts";
import { countKeysFor, u64Delta } from "./counts.ts";
import type { FilterOptions } from "./filter_spec.ts";
import { chunks, mutation } from "./bulk_commit.ts";
import { MAX_MUTATIONS } from "./atomic_plan.ts";

/** Counts worked out here from a full scan of the items, independently of counts.ts. */
async function scanned(db: Db): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  const add = (key: Deno.KvKey) => {
    const k = JSON.stringify(key);
    out.set(k, (out.get(k) ?? 0n) + 1n);
  };
  for (const cls of db.schema.classes.values()) {
    for await (
      const e of db.kv.list<ItemRecord>({ prefix: keys.itemPrefix(cls.name) })
    ) {
      if (e.value.retired) continue;
      add(countKeys.live(cls.name));
      for (const p of cls.props.values()) {
        if (p.type !== "Link" || p.name === "creator" || p.name === "actor") {
          continue;
        }
        const v = e.value.values[p.name];
        add(countKeys.link(cls.name, p.name, v == null ? -1 : Number(v)));
      }
    }
  }
  return out;
}

/** The stored counts, leaving out those at zero. */
async function stored(db: Db): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  for await (
    const e of db.kv.list<Deno.KvU64>({ prefix: countKeys.all() })
  ) {
    assert.ok(e.value instanceof Deno.KvU64, JSON.stringify(e.key));
    if (e.value.value !== 0n) out.set(JSON.stringify(e.key), e.value.value);
  }
  return out;
}

async function assertCountsMatch(db: Db, what: string): Promise<void> {
  assert.deepEqual(await stored(db), await scanned(db), what);
}

async function count(db: Db, key: Deno.KvKey): Promise<bigint> {
  return (await db.kv.get<Deno.KvU64>(key)).value?.value ?? 0n;
}

Deno.test("KvU64 sums on a real KV file wrap modulo 2^64: adding u64Delta(-n) subtracts n", async () => {
  const dir = await Deno.makeTempDir();
  const kv = await Deno.openKv(join(dir, "wrap.kv"));
  try {
    await kv.atomic().sum(["n"], u64Delta(5)).commit();
    await kv.atomic().sum(["n"], u64Delta(-3)).commit();
    assert.equal((await kv.get<Deno.KvU64>(["n"])).value?.value, 2n);
    await kv.atomic().sum(["n"], u64Delta(-2)).commit();
    assert.equal((await kv.get<Deno.KvU64>(["n"])).value?.value, 0n);
    assert.equal(u64Delta(-1), (1n << 64n) - 1n);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});

const STEPS: Array<[string, (db: Db) => Promise<unknown>, number?]> = [
  ["creates", async (db) => {
    for (const name of ["new", "open", "done"]) {
      await db.cls("status").create({ name });
    }
    await db.cls("user").create({ username: "ann" });
    for (let i = 0; i < 12; i++) {
      await db.cls("issue").create({
        title: `t${i}`,
        status: String(1 + i % 3),
        assignedto: i % 4 === 0 ? "1" : undefined,
      });
    }
  }, 12],
  ["sets of a Link", async (db) => {
    await db.cls("issue").set("1", { status: "3", assignedto: null });
    await db.cls("issue").set("2", { assignedto: "1" });
    await db.cls("issue").set("3", { title: "no Link changed" });
  }, 12],
  [
    "two sets of one item in one transaction",
    (db) =>
      db.transact(async (tx) => {
        await tx.set("issue", "4", { status: "2" });
        await tx.set("issue", "4", { status: "3" });
      }),
    12,
  ],
  ["retire", async (db) => {
    await db.cls("issue").retire("5");
    await db.cls("issue").retire("6");
  }, 10],
  ["restore", (db) => db.cls("issue").restore("5"), 11],
  [
    "set of a retired item's restore and retire in one transaction",
    (db) =>
      db.transact(async (tx) => {
        await tx.restore("issue", "6");
        await tx.set("issue", "6", { status: "1" });
        await tx.retire("issue", "6");
      }),
    11,
  ],
  ["import over existing items (tx.put)", (db) =>
    db.transact(async (tx) => {
      const rec = (await tx.record("issue", "7"))!;
      await tx.put("issue", {
        ...rec,
        retired: true,
        values: { ...rec.values, status: null },
      });
      const eight = (await tx.record("issue", "8"))!;
      await tx.put("issue", { ...eight, id: "40" });
    }), 11],
  ["reindex", (db) => db.reindex(), 11],
];

Deno.test("the stored counts equal a full scan after each kind of change", async () => {
  const db = await memoryDb();
  try {
    for (const [what, step, live] of STEPS) {
      await step(db);
      await assertCountsMatch(db, what);
      if (live !== undefined) {
        assert.equal(await count(db, countKeys.live("issue")), BigInt(live));
      }
    }
    assert.equal(await count(db, countKeys.link("issue", "status", -1)), 0n);
  } finally {
    db.close();
  }
});

Deno.test("a transaction retried after a conflict adds its counts once", async () => {
  const db = await memoryDb();
  try {
    await db.cls("status").create({ name: "new" });
    await db.cls("issue").create({ title: "shared", status: "1" });
    let attempts = 0;
    await db.transact(async (tx) => {
      attempts++;
      await tx.record("issue", "1");
      for (let i = 0; i < 3; i++) await tx.create("issue", { title: `x${i}` });
      await tx.set("issue", "1", { status: null });
      // Another writer changes the item this transaction read: its commit fails once.
      if (attempts === 1) await db.cls("issue").set("1", { title: "moved" });
    });
    assert.equal(attempts, 2);
    await assertCountsMatch(db, "after the retried transaction");
    assert.equal(await count(db, countKeys.live("issue")), 4n);
    assert.equal(await count(db, countKeys.link("issue", "status", -1)), 4n);
  } finally {
    db.close();
  }
});

Deno.test("two writers on one KV file at once keep the counts exact", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "data.kv");
  const schema = resolveSchema(TEST_SCHEMA);
  const a = openDb(await Deno.openKv(path), schema);
  const b = openDb(await Deno.openKv(path), schema);
  try {
    await a.cls("status").create({ name: "new" });
    await a.cls("status").create({ name: "open" });
    await a.cls("issue").create({ title: "shared" });
    const writer = async (db: Db, tag: string) => {
      for (let i = 0; i < 25; i++) {
        const id = await db.cls("issue").create({ title: `${tag}${i}` });
        await db.cls("issue").set("1", { status: String(1 + i % 2) });
        if (i % 3 === 0) await db.cls("issue").retire(id);
      }
    };
    await Promise.all([writer(a, "a"), writer(b, "b")]);
    await assertCountsMatch(a, "after two writers");
    assert.equal(await count(a, countKeys.live("issue")), 1n + 50n - 18n);
  } finally {
    a.close();
    b.close();
    await Deno.remove(dir, { recursive: true });
  }
});

function issue(id: number, assignedto: string | null): ItemRecord {
  const t = Date.UTC(2024, 0, 1) + id * 1000;
  return {
    id: String(id),
    rev: 0,
    retired: id % 7 === 0,
    values: {
      title: `bulk ${id}`,
      status: id % 3 === 0 ? null : String(1 + id % 2),
      assignedto,
      keyword: [],
      nosy: [],
      messages: [],
      files: [],
      creation: t,
      activity: t,
      creator: "1",
      actor: "1",
    },
  };
}

Deno.test("BulkLoader counts what it loads, in commits within the mutation limit", async () => {
  const db = await memoryDb();
  try {
    const loader = await BulkLoader.open(db, "issue");
    assert.ok(loader);
    // Every item a user of its own: a count key per record, so commits must split sooner.
    const items = Array.from({ length: 2500 }, (_, i) => ({
      rec: issue(i + 1, String(i + 1)),
    }));
    await loader.write(items.slice(0, 1200));
    await loader.write(items.slice(1200));
    await loader.drain();
    await assertCountsMatch(db, "after a bulk load");
    assert.equal(await count(db, countKeys.live("issue")), 2500n - 357n);
    await db.cls("issue").retire("1");
    await assertCountsMatch(db, "after a retire of a loaded item");
  } finally {
    db.close();
  }
});

Deno.test("chunks() leaves room for the count sums of the records in each commit", () => {
  const muts = Array.from(
    { length: 3000 },
    (_, i) =>
      mutation(keys.item("issue", String(i + 1)), { id: i }, [
        countKeys.live("issue"),
        countKeys.link("issue", "assignedto", i),
      ]),
  );
  const sizes: number[] = [];
  for (const chunk of chunks(muts, 1)) {
    const sums = new Set(
      chunk.flatMap((m) => m.counts!.map((k) => JSON.stringify(k))),
    );
    // Records, their sums, the spare write and the change counter.
    assert.ok(chunk.length + sums.size + 2 <= MAX_MUTATIONS, `${chunk.length}`);
    sizes.push(chunk.length);
  }
  assert.equal(sizes.reduce((a, b) => a + b), 3000);
  // Commits are not split needlessly small: about 500 records and 500 sums each.
  assert.ok(sizes.slice(0, -1).every((n) => n >= 490), sizes.join());
});

Deno.test("countKeysFor() answers only the whole class and one Link filter on live items", () => {
  const issue = resolveSchema(TEST_SCHEMA).classes.get("issue")!;
  const keysOf = (opts: FilterOptions) =>
    countKeysFor(issue, opts)?.map((k) => k.slice(2).join(":")) ?? null;
  assert.deepEqual(keysOf({}), [""]);
  assert.deepEqual(keysOf({ filterspec: { status: ["-1", "2", "2"] } }), [
    "status:-1",
    "status:2",
  ]);
  assert.deepEqual(keysOf({ filterspec: { assignedto: "3" } }), [
    "assignedto:3",
  ]);
  assert.deepEqual(keysOf({ filterspec: { status: [] } }), []);
  const others: FilterOptions[] = [
    { filterspec: { status: "1", assignedto: "1" } },
    { filterspec: { status: "01" } },
    { filterspec: { status: "new" } },
    { filterspec: { keyword: "1" } },
    { filterspec: { creator: "1" } },
    { filterspec: { title: "x" } },
    { exact: { title: "x" } },
    { search: "x" },
    { only: ["1"] },
    { retired: true },
    { retired: null },
  ];
  for (const opts of others) {
    assert.equal(keysOf(opts), null, JSON.stringify(opts));
  }
});
