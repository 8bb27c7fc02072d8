import assert from "node:assert/strict";
import { ExactCounts } from "./_counts.ts";

function gate() {
  let open = () => {};
  const opened = new Promise<void>((r) => open = r);
  return { open, opened };
}

Deno.test("ExactCounts counts once per change count and never again while the store is unchanged", async () => {
  const counts = new ExactCounts();
  let runs = 0;
  const count = () => Promise.resolve(++runs * 10);
  assert.equal(await counts.get("q", 5n, count), 10);
  assert.equal(await counts.get("q", 5n, count), 10);
  // A request that read an older count may use a newer count.
  assert.equal(await counts.get("q", 4n, count), 10);
  assert.equal(await counts.get("other", 5n, count), 20);
  assert.equal(await counts.get("q", 6n, count), 30);
  // A failure is not remembered.
  await assert.rejects(
    counts.get("q", 7n, () => Promise.reject(new Error("scan failed"))),
  );
  assert.equal(await counts.get("q", 7n, count), 40);
});

Deno.test("ExactCounts runs one count at a time per query; newer requests share the next", async () => {
  const counts = new ExactCounts();
  const g = gate();
  const started: string[] = [];
  const slow = (tag: string, n: number) => async () => {
    started.push(tag);
    if (tag === "first") await g.opened;
    return n;
  };
  const a = counts.get("q", 1n, slow("first", 100));
  // Same count: shares the running count.
  const b = counts.get("q", 1n, slow("unused", -1));
  // Newer counts (changes since the first began): wait, then share one count.
  const c = counts.get("q", 2n, slow("second", 101));
  const d = counts.get("q", 3n, slow("unused", -1));
  assert.deepEqual(started, ["first"]);
  g.open();
  assert.deepEqual(await Promise.all([a, b, c, d]), [100, 100, 101, 101]);
  assert.deepEqual(started, ["first", "second"]);
  // The shared count began after count 3 was read: it answers 3, not 4.
  assert.equal(await counts.get("q", 3n, slow("unused", -1)), 101);
  assert.equal(await counts.get("q", 4n, slow("third", 102)), 102);
});
