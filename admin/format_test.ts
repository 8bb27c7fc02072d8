import assert from "node:assert/strict";
import { capitalize, formatValue, pyFloat, pyList, pyRepr } from "./format.ts";
import type { PropDef } from "../store/mod.ts";

const prop = (type: PropDef["type"]): PropDef => ({
  name: "x",
  type,
  automatic: false,
});

Deno.test("pyRepr() quotes like Python's repr()", () => {
  assert.equal(pyRepr("first issue"), "'first issue'");
  assert.equal(pyRepr("it's"), `"it's"`);
  assert.equal(pyRepr(`it's "x"`), `'it\\'s "x"'`);
  assert.equal(pyRepr("a\nb\\c\t"), "'a\\nb\\\\c\\t'");
  assert.equal(pyRepr("\x01é"), "'\\x01é'");
});

Deno.test("pyFloat() prints floats like Python", () => {
  const cases: Array<[number, string]> = [
    [2, "2.0"],
    [1.5, "1.5"],
    [-0.25, "-0.25"],
    [1e16, "1e+16"],
    [1.5e17, "1.5e+17"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [123456789012345, "123456789012345.0"],
  ];
  for (const [n, want] of cases) assert.equal(pyFloat(n), want, String(n));
});

Deno.test("formatValue() prints values as Roundup's str() does", () => {
  assert.equal(formatValue(prop("String"), null), "None");
  assert.equal(formatValue(prop("Multilink"), null), "[]");
  assert.equal(formatValue(prop("Multilink"), ["1", "2"]), "['1', '2']");
  assert.equal(formatValue(prop("Boolean"), false), "False");
  assert.equal(formatValue(prop("Number"), 3), "3.0");
  assert.equal(formatValue(prop("Integer"), 3), "3");
  assert.equal(
    formatValue(prop("Date"), Date.UTC(2000, 5, 24, 13, 3, 59)),
    "2000-06-24.13:03:59",
  );
  assert.equal(
    formatValue(
      prop("Date"),
      Date.UTC(2000, 5, 24, 13, 3, 59),
      "Europe/Vienna",
    ),
    "2000-06-24.15:03:59",
  );
  const iv = {
    sign: -1 as const,
    years: 0,
    months: 0,
    days: 1,
    hours: 2,
    minutes: 50,
    seconds: 0,
  };
  assert.equal(formatValue(prop("Interval"), iv), "- 1d 2:50");
  assert.equal(pyList([]), "[]");
  assert.equal(capitalize("alternate_addresses"), "Alternate_addresses");
  assert.equal(capitalize("ID"), "Id");
});
