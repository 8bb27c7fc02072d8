import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";

Deno.test("filterPage() counts exactly when the page is not walked along an index", async () => {
  const db = await memoryDb();
  try {
    for (const title of ["login fails", "login slow", "crash", "login again"]) {
      await db.cls("issue").create({ title });
    }
    assert.deepEqual(
      await db.cls("issue").filterPage({
        filterspec: { title: "login" },
        sort: [["+", "title"]],
        limit: 2,
      }),
      { ids: ["4", "1"], total: 3, estimated: false },
    );
    assert.deepEqual(
      await db.cls("issue").filterPage({ sort: [["-", "activity"]], limit: 9 }),
      { ids: ["4", "3", "2", "1"], total: 4, estimated: false },
    );
  } finally {
    db.close();
  }
});

Deno.test("filterPage() orders equal activity by id whether it walks the index or sorts in memory", async () => {
  const db = await memoryDb();
  try {
    await db.transact(async (tx) => {
      for (let i = 0; i < 120; i++) {
        await tx.create("issue", { title: `t${i}` });
      }
    });
    // Items imported or written in one go can share an activity date: here 3 per date.
    const recs = await db.cls("issue").filter({});
    for (let i = 0; i < recs.length; i += 40) {
      await db.transact(async (tx) => {
        for (const id of recs.slice(i, i + 40)) {
          const rec = (await tx.record("issue", id))!;
          const activity = Date.UTC(2025, 0, 1) + Math.floor(Number(id) / 3);
          await tx.put("issue", {
            ...rec,
            values: { ...rec.values, activity },
          });
        }
      });
    }
    const sort: Array<["-", string]> = [["-", "activity"]];
    const all = await db.cls("issue").filter({ sort });
    assert.deepEqual(all.slice(0, 7), [
      "120",
      "117",
      "118",
      "119",
      "114",
      "115",
      "116",
    ]);
    const pages: Array<[number, number]> = [[0, 10], [55, 20], [100, 50]];
    for (const [offset, limit] of pages) {
      const page = await db.cls("issue").filterPage({ sort, limit, offset });
      assert.deepEqual(
        page.ids,
        all.slice(offset, offset + limit),
        `${offset}`,
      );
    }
  } finally {
    db.close();
  }
});

Deno.test("filterPage() grouped by a Link walks group by group in the order sortRecords gives", async () => {
  const db = await memoryDb();
  try {
    const order = [2, 1, 2, 3]; // status2 and status3 tie: they form one group
    for (const [i, o] of order.entries()) {
      await db.cls("status").create({ name: `s${i}`, order: o });
    }
    for (let from = 0; from < 1500; from += 50) {
      await db.transact(async (tx) => {
        for (let i = from; i < from + 50; i++) {
          // 1,200 in status2 (walked), the rest small groups (read from the index).
          const status = i % 10 < 8 ? "2" : ["1", "3", "4", null][i % 4];
          const title = `t${i} ${i % 3 ? "odd" : "even"}`;
          await tx.create("issue", { title, status });
        }
      });
    }
    await db.cls("issue").retire("5");
    const cases: Array<[["+" | "-", string], number, number]> = [
      [["+", "status"], 0, 50],
      [["+", "status"], 80, 40],
      [["+", "status"], 450, 50],
      [["-", "status"], 0, 50],
      [["-", "status"], 420, 30],
    ];
    for (const [group, offset, limit] of cases) {
      const opts = {
        filterspec: { title: "even" },
        group: [group],
        sort: [["-", "activity"]] as Array<["-", string]>,
      };
      const all = await db.cls("issue").filter(opts);
      const page = await db.cls("issue").filterPage({ ...opts, offset, limit });
      const what = `${group.join("")} ${offset}`;
      assert.deepEqual(page.ids, all.slice(offset, offset + limit), what);
      assert.ok(
        Math.abs(page.total - all.length) < all.length / 3,
        `${what}: total ${page.total} near ${all.length}`,
      );
      // A short walk estimates: the page was not made by reading every item.
      if (offset === 0) assert.equal(page.estimated, true, what);
    }
  } finally {
    db.close();
  }
});

Deno.test("filterPage() with withRecords hands back the page's records in the order of its ids", async () => {
  const db = await memoryDb();
  try {
    for (const title of ["login fails", "login slow", "crash", "login again"]) {
      await db.cls("issue").create({ title });
    }
    const walked = await db.cls("issue").filterPage({
      sort: [["-", "activity"]],
      limit: 3,
      withRecords: true,
    });
    assert.deepEqual(walked.ids, ["4", "3", "2"]);
    assert.deepEqual(walked.records?.map((r) => r.values.title), [
      "login again",
      "crash",
      "login slow",
    ]);
    const sorted = await db.cls("issue").filterPage({
      filterspec: { title: "login" },
      sort: [["+", "title"]],
      limit: 2,
      withRecords: true,
    });
    assert.deepEqual(sorted.records?.map((r) => r.id), sorted.ids);
    const plain = await db.cls("issue").filterPage({ limit: 2 });
    assert.equal(plain.records, undefined);
  } finally {
    db.close();
  }
});
