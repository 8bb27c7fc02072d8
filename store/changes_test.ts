import assert from "node:assert/strict";
import { memoryDb, TEST_SCHEMA } from "../tests/_helpers.ts";
import { BulkLoader, openDb, resolveSchema } from "./mod.ts";
import { changeCount } from "./changes.ts";

Deno.test("changeCount() grows by one per commit and not on a refused change", async () => {
  const db = await memoryDb();
  try {
    assert.equal(await changeCount(db.kv), 0n);
    await db.cls("user").create({ username: "admin" });
    assert.equal(await changeCount(db.kv), 1n);
    const id = await db.cls("issue").create({ title: "a" }, { actor: "1" });
    await db.cls("issue").set(id, { title: "b" }, { actor: "1" });
    assert.equal(await changeCount(db.kv), 3n);
    await assert.rejects(db.cls("user").create({ username: "admin" }));
    assert.equal(await changeCount(db.kv), 3n);
  } finally {
    db.close();
  }
});

Deno.test("changeCount() sees commits made through another KV handle on the same file", async () => {
  const dir = await Deno.makeTempDir();
  const a = await Deno.openKv(`${dir}/db`);
  const b = await Deno.openKv(`${dir}/db`);
  try {
    const before = await changeCount(a);
    await openDb(b, resolveSchema(TEST_SCHEMA)).cls("user").create({
      username: "x",
    });
    assert.equal(await changeCount(a), before + 1n);
  } finally {
    a.close();
    b.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("changeCount() grows with bulk loads too, and a 1,000-item batch still commits", async () => {
  const db = await memoryDb();
  try {
    const loader = await BulkLoader.open(db, "keyword");
    assert.ok(loader);
    const items = Array.from({ length: 1500 }, (_, i) => ({
      rec: {
        id: String(i + 1),
        rev: 1,
        retired: false,
        values: {
          name: `k${i}`,
          creation: 0,
          activity: 0,
          creator: "1",
          actor: "1",
        },
      },
    }));
    await loader.write(items);
    await loader.drain();
    assert.ok(await changeCount(db.kv) >= 2n);
    assert.equal((await db.cls("keyword").list()).length, 1500);
  } finally {
    db.close();
  }
});
