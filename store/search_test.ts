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
