import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import { LARGE_TEXT_WORDS } from "./word_index.ts";

function manyWords(n: number, tag: string): string {
  return Array.from({ length: n }, (_, i) => `${tag}${i.toString(36)}`).join(
    " ",
  );
}

Deno.test("search() handles texts with more distinct words than one commit can index", async () => {
  const db = await memoryDb();
  try {
    const big = manyWords(3000, "w") + " needle";
    const f = await db.cls("file").create({
      name: "log.txt",
      type: "text/plain",
      content: big,
    });
    const m = await db.cls("msg").create({
      content: "small haystack with needle",
    });
    const i = await db.cls("issue").create({
      title: "logs",
      files: [f],
      messages: [m],
    });
    assert.deepEqual(await db.search("needle", "issue"), [i], "needle");
    assert.deepEqual(await db.search("w1z needle", "issue"), [i], "two words");
    assert.deepEqual(
      await db.search("w1z haystack", "issue"),
      [],
      "words must be in one document",
    );
    await db.cls("file").set(f, {
      content: manyWords(LARGE_TEXT_WORDS + 5, "v"),
    });
    assert.deepEqual(
      await db.search("w1z", "issue"),
      [],
      "replaced large text is no longer found",
    );
    assert.deepEqual(await db.search("v1a", "issue"), [i], "new large text");
    assert.deepEqual(
      await db.search("needle", "issue"),
      [i],
      "the message still matches",
    );
  } finally {
    db.close();
  }
});

Deno.test("put() moves the key of an item it replaces", async () => {
  const db = await memoryDb();
  try {
    const id = await db.cls("keyword").create({ name: "old" });
    const rec = (await db.cls("keyword").record(id))!;
    await db.transact(async (tx) => {
      await tx.put("keyword", {
        ...rec,
        values: { ...rec.values, name: "new" },
      });
    });
    assert.equal(await db.cls("keyword").lookup("new"), id);
    await assert.rejects(
      () => db.cls("keyword").lookup("old"),
      /No keyword has name "old"/,
    );
    assert.equal(await db.cls("keyword").create({ name: "old" }), "2");
  } finally {
    db.close();
  }
});

Deno.test("filterPage() with search words pages the hits by activity and counts them", async () => {
  const db = await memoryDb();
  try {
    // 1,200 issues, every second with a message holding "needle" (more hits than are mapped up front).
    for (let from = 1; from <= 1200; from += 50) {
      await db.transact(async (tx) => {
        for (let i = from; i < from + 50; i++) {
          const m = await tx.create("msg", {
            content: i % 2 === 0 ? `needle number ${i}` : `hay ${i}`,
          });
          await tx.create("issue", { title: `issue ${i}`, messages: [m] });
        }
      });
    }
    await db.cls("issue").set("4", { title: "touched" });
    await db.cls("issue").retire("6");
    const hits = await db.search("needle", "issue");
    assert.equal(hits.length, 599);
    const all = await db.cls("issue").filter({
      search: "needle",
      sort: [["-", "activity"]],
    });
    assert.deepEqual([...all].sort((a, b) => Number(a) - Number(b)), hits);
    assert.deepEqual(all.slice(0, 3), ["4", "1200", "1198"]);
    const page = await db.cls("issue").filterPage({
      search: "needle",
      sort: [["-", "activity"]],
      limit: 10,
      offset: 5,
    });
    assert.deepEqual(page.ids, all.slice(5, 15));
    assert.equal(page.estimated, true);
    assert.ok(
      page.total > 400 && page.total < 800,
      `estimate ${page.total} near 599`,
    );
    const rare = await db.cls("issue").filterPage({
      search: "needle number 300",
      sort: [["-", "activity"]],
      limit: 10,
    });
    assert.deepEqual(rare, { ids: ["300"], total: 1, estimated: false });
    const withStatus = await db.cls("issue").filterPage({
      search: "needle",
      filterspec: { title: "touched" },
    });
    assert.deepEqual(withStatus, { ids: ["4"], total: 1, estimated: false });
    const none = await db.cls("issue").filterPage({ search: "the", limit: 5 });
    assert.deepEqual(none, { ids: [], total: 0, estimated: false });
  } finally {
    db.close();
  }
});
