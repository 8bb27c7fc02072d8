import assert from "node:assert/strict";
import { classicDb } from "../tests/_helpers.ts";
import type { Db, FilterOptions, SortSpec } from "./mod.ts";
import { linkPlan, linkSortedPage } from "./filter_link.ts";
import { tuning } from "./filter_link_order.ts";
import { compileFilter } from "./filter_spec.ts";
import type { ItemRecord } from "./record.ts";

const N = 300;

/** Seeded so a failure can be run again. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * A classic db with N issues of random status, priority and assignee (a fifth of each unset),
 * activity dates shared by 1-3 issues, every `retireEvery`th issue retired, and statuses 2 and 7 of equal
 * order (they sort as one value).
 */
async function trackerDb(retireEvery: number): Promise<Db> {
  const db = await classicDb();
  const rnd = random(42);
  const pick = (n: number) =>
    rnd() < 0.2 ? null : String(1 + Math.floor(rnd() * n));
  await db.transact(async (tx) => {
    for (const [i, name] of ["critical", "urgent", "bug", "wish"].entries()) {
      await tx.create("priority", { name, order: i + 1 });
    }
    const seven = (await tx.record("status", "7"))!;
    await tx.put("status", {
      ...seven,
      values: { ...seven.values, order: 2 },
    });
  });
  for (let i = 0; i < N; i += 50) {
    await db.transact(async (tx) => {
      for (let j = i; j < i + 50; j++) {
        await tx.create("issue", { title: `t${j}` });
      }
    });
  }
  for (let i = 1; i <= N; i += 50) {
    await db.transact(async (tx) => {
      for (let j = i; j < i + 50; j++) {
        const rec = (await tx.record("issue", String(j)))!;
        const values = {
          ...rec.values,
          status: pick(8),
          priority: pick(4),
          assignedto: pick(4),
          activity: Date.UTC(2026, 1, 1) + Math.floor(rnd() * N / 2) * 1000,
        };
        await tx.put("issue", { ...rec, values });
      }
    });
  }
  for (let i = retireEvery; i <= N; i += retireEvery) {
    await db.cls("issue").retire(String(i));
  }
  return db;
}

const s = (...keys: string[]): SortSpec =>
  keys.map((k) => k.startsWith("-") ? ["-", k.slice(1)] : ["+", k]);

const CASES: Array<[string, FilterOptions]> = [
  ["status ascending", { sort: s("status") }],
  ["status descending", { sort: s("-status") }],
  ["assignee", { sort: s("assignedto") }],
  ["assignee descending", { sort: s("-assignedto") }],
  ["status, then newest activity", { sort: s("status", "-activity") }],
  ["status, then oldest activity", { sort: s("-status", "activity") }],
  ["status, then id descending", { sort: s("status", "-id") }],
  ["status, then priority", { sort: s("status", "priority") }],
  ["status, newest activity, id descending", {
    sort: s("status", "-activity", "-id"),
  }],
  ["grouped and sorted by status", { group: s("status"), sort: s("-status") }],
  ["status, then title", { sort: s("-status", "title") }],
  ["grouped by status, newest first", {
    group: s("status"),
    sort: s("-activity"),
  }],
  ["grouped by status descending", { group: s("-status"), sort: s("id") }],
  ["grouped by priority, by creation", {
    group: s("priority"),
    sort: s("-creation"),
  }],
  ["grouped by priority then status", {
    group: s("priority", "status"),
    sort: s("-activity"),
  }],
  ["filtered on the same Link", {
    filterspec: { status: ["-1", "1", "7"] },
    sort: s("-status", "-activity"),
  }],
  ["filtered on the same Link, one value", {
    filterspec: { priority: "2" },
    group: s("priority"),
    sort: s("activity"),
  }],
  ["filtered on another Link (full sort)", {
    filterspec: { assignedto: "2" },
    sort: s("status"),
  }],
  ["filtered on text (full sort)", {
    filterspec: { title: "1" },
    group: s("status"),
    sort: s("-activity"),
  }],
];

const PAGES: Array<[number, number]> = [[0, 50], [37, 25], [120, 50], [
  250,
  50,
]];

/**
 * Every 7th issue retired, none, and three (so some values hold retired items, most not); with
 * date-sorted values read along the date index (as small trackers do) or listed (as large do).
 */
const VARIANTS: Array<[number, number]> = [
  [7, 1500],
  [N + 1, 1500],
  [N + 1, 0],
  [97, 0],
];

for (const [every, early] of VARIANTS) {
  const what = `${every > N ? "none" : `every ${every}th`} retired, ${
    early ? "date walks" : "listings"
  }`;
  Deno.test(`filterPage() sorted first by a Link gives the pages of the full sort (${what})`, async () => {
    const db = await trackerDb(every);
    tuning.earlyReads = early;
    try {
      const issue = db.cls("issue");
      for (const [name, opts] of CASES) {
        const all = await issue.filter({ ...opts, fullSort: true });
        assert.ok(all.length > 10, `${name}: too few matches to test`);
        for (const [offset, limit] of PAGES) {
          const page = { ...opts, offset, limit };
          const fast = await issue.filterPage(page);
          const slow = await issue.filterPage({ ...page, fullSort: true });
          assert.deepEqual(fast.ids, slow.ids, `${name} from ${offset}`);
          // Today's walk of a grouped page under a text filter estimates its total.
          if (!fast.estimated) assert.equal(fast.total, slow.total, name);
          assert.deepEqual(fast.ids, all.slice(offset, offset + limit), name);
        }
      }
    } finally {
      tuning.earlyReads = 1500;
      db.close();
    }
  });

  Deno.test(`linkSortedPage() reads the pages itself when counts cover the filter (${what})`, async () => {
    const db = await trackerDb(every);
    tuning.earlyReads = early;
    try {
      const cls = db.core.classDef("issue");
      let walked = 0;
      for (const [name, opts] of CASES) {
        const plan = linkPlan(cls, { ...opts, limit: 50 });
        if (name.endsWith("(full sort)")) {
          assert.equal(plan, null, name);
          continue;
        }
        assert.ok(plan, name);
        const pred = compileFilter(cls, opts);
        const keep = (r: ItemRecord | null): r is ItemRecord =>
          r !== null && !r.retired && pred(r.id, r.values);
        const all = await db.cls("issue").filter({ ...opts, fullSort: true });
        for (const [offset, limit] of PAGES) {
          const page = await linkSortedPage(db.core, cls, plan, {
            keep,
            offset,
            limit,
          });
          assert.ok(page, name);
          assert.deepEqual(page.ids, all.slice(offset, offset + limit), name);
          assert.deepEqual([page.total, page.estimated], [all.length, false]);
          walked++;
        }
      }
      assert.equal(walked, (CASES.length - 2) * PAGES.length);
    } finally {
      tuning.earlyReads = 1500;
      db.close();
    }
  });
}

Deno.test("filterPage() sorted by a Link skips values by their counts when nothing is retired", async () => {
  const db = await classicDb();
  try {
    await db.transact(async (tx) => {
      for (let i = 0; i < 60; i++) {
        await tx.create("issue", { title: `t${i}`, status: String(1 + i % 3) });
      }
    });
    const opts: FilterOptions = { sort: s("-status"), offset: 25, limit: 10 };
    const fast = await db.cls("issue").filterPage(opts);
    assert.deepEqual(
      fast,
      await db.cls("issue").filterPage({ ...opts, fullSort: true }),
    );
    assert.deepEqual(fast.ids.slice(0, 2), ["17", "20"]);
    await db.cls("issue").retire("3");
    const after = await db.cls("issue").filterPage(opts);
    assert.deepEqual(after.ids.slice(0, 2), ["20", "23"]);
    assert.deepEqual(
      after,
      await db.cls("issue").filterPage({ ...opts, fullSort: true }),
    );
    assert.equal(after.total, 59);
  } finally {
    db.close();
  }
});

Deno.test("filterPage() in a transaction that reorders the linked items sorts by their new order", async () => {
  const db = await classicDb();
  try {
    await db.transact(async (tx) => {
      for (let i = 0; i < 6; i++) {
        await tx.create("issue", { title: `t${i}`, status: String(1 + i % 2) });
      }
    });
    const opts: FilterOptions = { sort: s("status"), limit: 3 };
    assert.deepEqual((await db.cls("issue").filterPage(opts)).ids, [
      "1",
      "3",
      "5",
    ]);
    const ids = await db.transact(async (tx) => {
      const unread = (await tx.record("status", "1"))!;
      await tx.put("status", {
        ...unread,
        values: { ...unread.values, order: 99 },
      });
      return (await db.handleIn(tx, "issue").filterPage(opts)).ids;
    });
    assert.deepEqual(ids, ["2", "4", "6"]);
  } finally {
    db.close();
  }
});
