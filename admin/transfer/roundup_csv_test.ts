import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { csvLine, PARSE_OPTIONS, parseSimple } from "./roundup_csv.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function randomText(rand: () => number, alphabet: string[], max: number) {
  let out = "";
  const n = Math.floor(rand() * max);
  for (let i = 0; i < n; i++) {
    out += alphabet[Math.floor(rand() * alphabet.length)];
  }
  return out;
}

Deno.test("parseSimple() reads what it accepts exactly as csv-parse does", () => {
  const rand = rng(7);
  const alphabet = ["a", "b", ":", '"', "\n", " ", "é", "'", "\r"];
  let accepted = 0;
  for (let i = 0; i < 20_000; i++) {
    const text = randomText(rand, alphabet, 24);
    const ours = parseSimple(text, 10);
    if (ours === null) continue;
    accepted++;
    const theirs = (parse(text, PARSE_OPTIONS) as unknown as Array<
      { record: string[]; info: { lines: number } }
    >).map((r) => ({ fields: r.record, line: 10 + r.info.lines }));
    assert.deepEqual(ours, theirs, JSON.stringify(text));
  }
  assert.ok(accepted > 2_000, `only ${accepted} texts took the fast path`);
});

Deno.test("csvLine() writes rows as csv-stringify does and parseSimple() reads them back", () => {
  const rand = rng(11);
  const alphabet = ["a", ":", '"', "\n", "\r", " ", "'", "☃", ","];
  for (let i = 0; i < 5_000; i++) {
    const rows = Array.from(
      { length: 1 + Math.floor(rand() * 3) },
      () =>
        Array.from(
          { length: 1 + Math.floor(rand() * 4) },
          () => randomText(rand, alphabet, 8),
        ),
    );
    const ours = rows.map(csvLine).join("");
    const theirs = stringify(rows, { delimiter: ":", record_delimiter: "\n" });
    assert.equal(ours, theirs, JSON.stringify(rows));
    const back = parseSimple(ours, 0);
    if (back) {
      assert.deepEqual(back.map((r) => r.fields), rows, JSON.stringify(rows));
    }
  }
});
