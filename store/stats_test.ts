import assert from "node:assert/strict";
import { TEST_SCHEMA } from "../tests/_helpers.ts";
import { openDb, resolveSchema } from "./mod.ts";
import { dailyStatusCounts } from "./stats.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10, 12);

async function tracker() {
  let now = T0;
  const db = openDb(await Deno.openKv(":memory:"), resolveSchema(TEST_SCHEMA), {
    now: () => now,
  });
  const at = (day: number) => (now = T0 + day * DAY);
  for (const name of ["open", "closed"]) {
    await db.cls("status").create({ name });
  }
  return { db, at };
}

Deno.test("dailyStatusCounts() gives each day's issues by status from the journal", async () => {
  const { db, at } = await tracker();
  try {
    at(0);
    const a = await db.cls("issue").create({ title: "a", status: "1" });
    at(1);
    const b = await db.cls("issue").create({ title: "b", status: "1" });
    at(2);
    await db.cls("issue").set(a, { status: "2" });
    at(3);
    await db.cls("issue").set(b, { title: "renamed" });
    await db.cls("issue").create({ title: "c" });
    const r = await dailyStatusCounts(db, { now: T0 + 3 * DAY, days: 5 });
    assert.deepEqual(r.days, [
      "2026-01-09",
      "2026-01-10",
      "2026-01-11",
      "2026-01-12",
      "2026-01-13",
    ]);
    assert.deepEqual(r.counts.get("1"), [0, 1, 2, 1, 1]);
    assert.deepEqual(r.counts.get("2"), [0, 0, 0, 1, 1]);
    assert.deepEqual(r.counts.get(""), [0, 0, 0, 0, 1]);
    const open = await dailyStatusCounts(db, {
      now: T0 + 3 * DAY,
      days: 5,
      open: new Set(["1"]),
    });
    assert.deepEqual([...open.counts.keys()], ["1"]);
  } finally {
    db.close();
  }
});

Deno.test("dailyStatusCounts() reuses its result until a commit, then after maxAgeMs", async () => {
  const { db, at } = await tracker();
  try {
    at(0);
    await db.cls("issue").create({ title: "a", status: "1" });
    const now = T0;
    const first = await dailyStatusCounts(db, { now, days: 2 });
    assert.equal(await dailyStatusCounts(db, { now, days: 2 }), first);
    await db.cls("issue").create({ title: "b", status: "1" });
    const soon = await dailyStatusCounts(db, { now: now + 1000, days: 2 });
    assert.equal(soon, first, "a fresh result is kept for maxAgeMs");
    const later = await dailyStatusCounts(db, {
      now: now + 1000,
      days: 2,
      maxAgeMs: 0,
    });
    assert.deepEqual(later.counts.get("1"), [0, 2]);
  } finally {
    db.close();
  }
});
