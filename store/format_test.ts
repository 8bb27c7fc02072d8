import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import { BulkLoader, type ItemRecord, openDb } from "./mod.ts";
import { FORMAT_VERSION } from "./format.ts";

Deno.test("the first write to an empty database stores the format version", async () => {
  const db = await memoryDb();
  try {
    assert.equal(await db.checkFormat(), "empty");
    await db.cls("status").create({ name: "new" });
    assert.equal(await db.checkFormat(), FORMAT_VERSION);
    assert.equal(await db.getMeta("format"), FORMAT_VERSION);
    await db.wipe();
    assert.equal(await db.checkFormat(), "empty");
    await db.cls("status").create({ name: "again" });
    assert.equal(await db.getMeta("format"), FORMAT_VERSION);
  } finally {
    db.close();
  }
});

Deno.test("a bulk load into an empty database stores the format version", async () => {
  const db = await memoryDb();
  try {
    const loader = (await BulkLoader.open(db, "keyword"))!;
    const rec: ItemRecord = {
      id: "1",
      rev: 0,
      retired: false,
      values: { name: "ui" },
    };
    await loader.write([{ rec }]);
    await loader.drain();
    assert.equal(await db.getMeta("format"), FORMAT_VERSION);
  } finally {
    db.close();
  }
});

Deno.test("a newer format is refused and an older one must be migrated before writes", async () => {
  const db = await memoryDb();
  try {
    await db.cls("status").create({ name: "new" });
    await db.setMeta("format", FORMAT_VERSION + 1);
    await assert.rejects(
      () => db.checkFormat(),
      /store format 4, newer than the format 3 this program reads; upgrade roundup/,
    );
    await db.setMeta("format", "x");
    await assert.rejects(() => db.checkFormat(), /store format "x" is not one/);
    await db.kv.delete(["meta", "format"]);
    {
      // The same KV, opened afresh: items but no format is format 0.
      const again = openDb(db.kv, db.schema);
      assert.equal(await again.checkFormat(), 0);
      await assert.rejects(
        () => again.cls("status").create({ name: "refused" }),
        /store format 0, older than the format 3 this program writes; run "roundup admin migrate" first/,
      );
      assert.deepEqual(await again.cls("status").list(), ["1"]);
      assert.deepEqual(await again.migrateFormat(), {
        from: 0,
        to: 3,
        counted: true,
      });
      await again.cls("status").create({ name: "accepted" });
      assert.deepEqual(await again.cls("status").list(), ["1", "2"]);
    }
  } finally {
    db.close();
  }
});
