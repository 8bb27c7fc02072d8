import assert from "node:assert/strict";
import { openDb, resolveSchema } from "../../store/mod.ts";
import { firstRecords } from "./_first_page.ts";

const SCHEMA = resolveSchema({
  classes: [
    {
      name: "user",
      key: "username",
      properties: { username: { type: "String" } },
    },
    { name: "thing", properties: { name: { type: "String" } } },
  ],
});

Deno.test("firstRecords() skips retired items and gives up when the class has too few", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const db = openDb(kv, SCHEMA);
    for (let i = 1; i <= 30; i++) {
      await db.cls("thing").create({ name: `t${i}` });
    }
    await db.cls("thing").retire("2");
    await db.cls("thing").retire("3");
    const five = await firstRecords(kv, "thing", 5);
    assert.deepEqual(five?.map((r) => r.id), ["1", "4", "5", "6", "7"]);
    const all = await firstRecords(kv, "thing", 28);
    assert.equal(all?.length, 28);
    assert.equal(all?.at(-1)?.id, "30");
    assert.equal(await firstRecords(kv, "thing", 29), null);
  } finally {
    kv.close();
  }
});
