import assert from "node:assert/strict";
import {
  InvalidValueError,
  type PropDef,
  resolveSchema,
} from "../../store/mod.ts";
import { schema as classicSpec } from "../../templates/classic/schema.ts";
import { reprFloat } from "./py_repr.ts";
import {
  dateTuple,
  exportField,
  importField,
  importRetired,
} from "./export_codec.ts";
import { quickDate } from "./quick_date.ts";

const issue = resolveSchema(classicSpec).classes.get("issue")!;

Deno.test("dateTuple() prints the seconds as Python's repr of float(seconds.millis)", () => {
  const old = (ms: number) => {
    const d = new Date(ms);
    const sec = reprFloat(
      Number(
        `${d.getUTCSeconds()}.${
          String(d.getUTCMilliseconds()).padStart(3, "0")
        }`,
      ),
    );
    return `(${d.getUTCFullYear()}, ${
      d.getUTCMonth() + 1
    }, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${sec}, 0, 0, 0)`;
  };
  const base = Date.UTC(1999, 11, 31, 23, 59, 0);
  for (let ms = 0; ms < 61_000; ms += 7) {
    assert.equal(dateTuple(base + ms), old(base + ms));
  }
  assert.equal(dateTuple(Date.UTC(812, 0, 1)), old(Date.UTC(812, 0, 1)));
});

Deno.test("quickDate() reads exactly the date tuples of its pattern", () => {
  const pattern =
    /^\((\d{1,4}), (\d{1,2}), (\d{1,2}), (\d{1,2}), (\d{1,2}), (\d{1,2})(?:\.(\d{1,3}))?, 0, 0, 0\)$/;
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const reference = (text: string): number | null => {
    const m = pattern.exec(text);
    if (!m) return null;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as number[];
    const ms = m[7] ? +m[7].padEnd(3, "0") : 0;
    if (
      y! < 100 || mo! < 1 || mo! > 12 || d! < 1 || d! > days[mo! - 1]! ||
      h! > 23 || mi! > 59 || s! > 59
    ) return null;
    const leap = y! % 4 === 0 && (y! % 100 !== 0 || y! % 400 === 0);
    if (mo === 2 && d === 29 && !leap) return null;
    return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms);
  };
  const texts = [
    "(2024, 1, 2, 3, 4, 5.123, 0, 0, 0)",
    "(2024, 1, 2, 3, 4, 5, 0, 0, 0)",
    "(2024, 1, 2, 3, 4, 5.5, 0, 0, 0)",
    "(2024, 1, 2, 3, 4, 5.12, 0, 0, 0)",
    "(2024, 1, 2, 3, 4, 5.1234, 0, 0, 0)",
    "(2024, 1, 2, 3, 4, 5., 0, 0, 0)",
    "(12024, 1, 2, 3, 4, 5.0, 0, 0, 0)",
    "(2024, 1, 2, 3, 4, 5.0, 0, 0, 0) ",
    "(2024, 1, 2, 3, 4, 5.0, 0, 0, 1)",
    "(2024,1, 2, 3, 4, 5.0, 0, 0, 0)",
    "(2023, 2, 29, 0, 0, 0.0, 0, 0, 0)",
    "(2000, 2, 29, 23, 59, 59.999, 0, 0, 0)",
    "(99, 1, 1, 0, 0, 0.0, 0, 0, 0)",
    "(2024, 13, 1, 0, 0, 0.0, 0, 0, 0)",
    "(2024, 1, 2, 3, 4, 5.0, 0, 0, 0",
    "",
  ];
  let seed = 1;
  const rand = (n: number) =>
    Math.floor((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32 * n);
  for (let i = 0; i < 2000; i++) {
    texts.push(
      `(${rand(3000)}, ${rand(14)}, ${rand(33)}, ${rand(25)}, ${rand(61)}, ${
        rand(61)
      }${["", ".", ".5", ".25", ".125", ".0625"][rand(6)]}, 0, 0, 0)`,
    );
  }
  for (const t of texts) assert.equal(quickDate(t), reference(t), t);
});

Deno.test("importField() reads links and lists of links as the general parser does", () => {
  const nosy = issue.props.get("nosy")!;
  const status = issue.props.get("status")!;
  assert.equal(importField(status, "'12'"), "12");
  assert.equal(importField(status, "None"), null);
  assert.throws(() => importField(status, "'012'"), /expected an item id/);
  assert.deepEqual(importField(nosy, "['1', '2', '10']"), ["1", "2", "10"]);
  assert.deepEqual(importField(nosy, "['10', '2', '2']"), ["2", "10"]);
  assert.deepEqual(importField(nosy, "[]"), []);
  assert.deepEqual(importField(nosy, "('3', '1')"), ["1", "3"]);
  assert.throws(() => importField(nosy, "['1', 'x']"), /expected an item id/);
});

Deno.test("importRetired() reads Roundup's True/False and the 1/0 of its anydbm backend, nothing else", () => {
  assert.equal(importRetired("True"), true);
  assert.equal(importRetired("False"), false);
  assert.equal(importRetired("1"), true);
  assert.equal(importRetired("0"), false);
  assert.throws(
    () => importRetired("'yes'"),
    /expected True or False \(or 1 or 0\) for "is retired", got 'yes'/,
  );
  assert.throws(() => importRetired("2"), InvalidValueError);
});

Deno.test("exportField() writes a Boolean as Python's True/False and importField() reads it back", () => {
  const flag: PropDef = { name: "flag", type: "Boolean", automatic: false };
  assert.equal(exportField(flag, true), "True");
  assert.equal(exportField(flag, false), "False");
  assert.equal(exportField(flag, null), "None");
  assert.equal(importField(flag, "True"), true);
  assert.equal(importField(flag, "False"), false);
  assert.equal(importField(flag, "None"), null);
});

Deno.test("importField() refuses a number too large for a float where text belongs, showing it as inf", () => {
  assert.throws(
    () => importField(issue.props.get("title")!, "1e999"),
    (e) => e instanceof InvalidValueError && /got inf$/.test(e.message),
  );
});
