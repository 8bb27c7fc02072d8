import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import { itemWrites } from "./item_writes.ts";
import { postingWrites, wordsChange } from "./word_index.ts";
import { encodeStamp, type ItemRecord, PLAIN_INDEX_VALUE } from "./record.ts";
import { prepareContent } from "./content.ts";

function issue(values: Record<string, unknown>): ItemRecord {
  return {
    id: "7",
    rev: 1,
    retired: false,
    values: {
      title: "t",
      status: "1",
      keyword: [],
      assignedto: null,
      creation: 1000,
      activity: 1000,
      ...values,
    },
  };
}

Deno.test("itemWrites() sets new index entries, deletes stale ones and stamps journalled links", async () => {
  const db = await memoryDb();
  try {
    const cls = db.core.classDef("issue");
    const before = issue({ keyword: ["1", "2"] });
    const after = issue({ keyword: ["2", "3"], status: "2", activity: 2000 });
    const w = itemWrites({
      cls,
      before,
      after,
      stampOf: (slot) => slot === "keyword:3" ? [2000, "4"] : undefined,
    });
    const text = (k: Deno.KvKey) => JSON.stringify(k);
    assert.deepEqual(w.delete.map(text).sort(), [
      '["idx","issue","activity",1000,7]',
      '["idx","issue","keyword",1,7]',
      '["idx","issue","status",1,7]',
    ]);
    assert.deepEqual(
      w.set.map(([k, v]) => [text(k), v]).sort(),
      [
        ['["idx","issue","activity",2000,7]', PLAIN_INDEX_VALUE],
        ['["idx","issue","keyword",3,7]', encodeStamp([2000, "4"])],
        ['["idx","issue","status",2,7]', PLAIN_INDEX_VALUE],
      ],
    );
    assert.deepEqual(w.record, [["item", "issue", 7], after]);
    const again = itemWrites({ cls, before, after, rewriteIndex: true });
    assert.equal(again.set.length, 7, "every entry of the item again");
    assert.equal(again.delete.length, 3);
  } finally {
    db.close();
  }
});

Deno.test("itemWrites() puts small content chunks in the commit and large ones ahead", async () => {
  const db = await memoryDb();
  try {
    const cls = db.core.classDef("msg");
    const rec: ItemRecord = { id: "1", rev: 1, retired: false, values: {} };
    const mid = prepareContent("x".repeat(100_000), 1e9, "msg1");
    assert.equal(
      itemWrites({ cls, before: null, after: rec, blobs: mid.blobs }).set
        .filter(([k]) => k[0] === "blob").length,
      2,
    );
    const big = prepareContent("x".repeat(300_000), 1e9, "msg1");
    const w = itemWrites({ cls, before: null, after: rec, blobs: big.blobs });
    assert.equal(w.ahead.length, 5);
    assert.equal(w.set.filter(([k]) => k[0] === "blob").length, 0);
  } finally {
    db.close();
  }
});

Deno.test("postingWrites() groups a commit's words into one key per word", () => {
  const many = Array.from({ length: 201 }, (_, i) => `w${i}`);
  const changes = [
    wordsChange("issue:1", "title", "u1", {}, ["LOGIN", "FAILS"]),
    wordsChange("msg:4", "content", "u1", {}, ["LOGIN"]),
    wordsChange("msg:5", "content", "u1", {}, many),
  ];
  const out = postingWrites(changes);
  assert.deepEqual(out.set, [
    [["word", "LOGIN", "u1"], ["issue:1", "msg:4"]],
    [["word", "FAILS", "u1"], ["issue:1"]],
  ]);
  assert.equal(out.ahead.length, 201);
  assert.deepEqual(out.ahead[0], [
    ["word", "w0", "pu1msg:5:content"],
    ["msg:5:content"],
  ]);
});
