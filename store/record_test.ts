import assert from "node:assert/strict";
import {
  encodeStamp,
  type LinkStamp,
  PLAIN_INDEX_VALUE,
  stampOfValue,
} from "./record.ts";

Deno.test("link stamps survive their byte encoding", () => {
  const cases: LinkStamp[] = [
    [1_700_000_000_123, "1"],
    [0, "42"],
    [1_700_000_000_000.5, ""],
    [-86_400_000, "user7"],
    [1_800_000_000_000, "Zoë"],
  ];
  for (const stamp of cases) {
    const bytes = encodeStamp(stamp);
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual(stampOfValue(bytes), stamp, JSON.stringify(stamp));
  }
});

Deno.test("index values without a stamp read as plain", () => {
  const table: Array<[unknown, LinkStamp | null]> = [
    [PLAIN_INDEX_VALUE, null],
    [new Uint8Array(3), null],
    [null, null],
  ];
  for (const [value, want] of table) {
    assert.deepEqual(stampOfValue(value), want, String(value));
  }
});

Deno.test("a stamp read from a subarray ignores the bytes around it", () => {
  const inner = encodeStamp([123_456, "9"]);
  const outer = new Uint8Array(inner.length + 4);
  outer.set(inner, 2);
  assert.deepEqual(stampOfValue(outer.subarray(2, 2 + inner.length)), [
    123_456,
    "9",
  ]);
});

Deno.test("many stamps in a row each keep their own bytes", () => {
  const stamps: LinkStamp[] = Array.from(
    { length: 20_000 },
    (_, i) => [1_700_000_000_000 + i, String(i % 977)],
  );
  const encoded = stamps.map(encodeStamp);
  encoded.forEach((bytes, i) =>
    assert.deepEqual(stampOfValue(bytes), stamps[i])
  );
});
