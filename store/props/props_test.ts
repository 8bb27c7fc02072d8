import { InvalidValueError } from "../errors.ts";
import assert from "node:assert/strict";
import { type PropKind, resolveSchema } from "../schema.ts";
import { NotFoundError } from "../errors.ts";
import { verifyPassword } from "../password.ts";
import { type ParseContext, parseFilterValue, parseValue } from "./mod.ts";

const schema = resolveSchema({
  classes: [
    {
      name: "user",
      key: "username",
      properties: { username: { type: "String" } },
    },
    { name: "status", key: "name", properties: { name: { type: "String" } } },
    { name: "file", base: "FileClass", properties: {} },
    { name: "note", properties: { text: { type: "String" } } },
    {
      name: "thing",
      properties: {
        s: { type: "String" },
        n: { type: "Number" },
        i: { type: "Integer" },
        b: { type: "Boolean" },
        d: { type: "Date" },
        v: { type: "Interval" },
        p: { type: "Password" },
        st: { type: "Link", class: "status" },
        sts: { type: "Multilink", class: "status" },
        notes: { type: "Multilink", class: "note" },
      },
    },
  ],
});
const KEYS: Record<string, string> = { open: "1", closed: "2", "bug1": "3" };
const NOW = Date.UTC(2003, 2, 8, 22, 7, 48);

function ctx(prop: string, extra: Partial<ParseContext> = {}): ParseContext {
  const cls = schema.classes.get(prop === "content" ? "file" : "thing")!;
  return {
    cls,
    prop: cls.props.get(prop)!,
    schema,
    now: NOW,
    tz: "UTC",
    lookup: (c, key) =>
      Promise.resolve(c === "status" ? KEYS[key] ?? null : null),
    exists: (_c, id) => Promise.resolve(Number(id) <= 5),
    hash: { rounds: 1000 },
    ...extra,
  };
}

const OK: Array<[string, string, unknown]> = [
  ["s", "  It's broken \r\n twice ", "It's broken \n twice"],
  ["n", "3", 3],
  ["n", "-1.5", -1.5],
  ["n", "2e3", 2000],
  ["i", " -7 ", -7],
  ["b", "yes", true],
  ["b", "On", true],
  ["b", "1", true],
  ["b", "false", false],
  ["b", "off", false],
  ["b", "0", false],
  ["d", "2000-04-17", Date.UTC(2000, 3, 17)],
  ["d", "2000-04-17.03:45", Date.UTC(2000, 3, 17, 3, 45)],
  ["d", ".", NOW],
  ["d", "-2d", NOW - 2 * 86_400_000],
  ["v", "2w 3d", {
    sign: 1,
    years: 0,
    months: 0,
    days: 17,
    hours: 0,
    minutes: 0,
    seconds: 0,
  }],
  ["v", "- 1d 2:50", {
    sign: -1,
    years: 0,
    months: 0,
    days: 1,
    hours: 2,
    minutes: 50,
    seconds: 0,
  }],
  ["p", "{SHA}abc", "{SHA}abc"],
  ["st", "2", "2"],
  ["st", "open", "1"],
  ["st", "status4", "4"],
  ["st", "bug1", "3"],
  ["st", "-1", null],
  ["sts", "open, closed", ["1", "2"]],
  ["sts", "4,status5,1", ["1", "4", "5"]],
  ["notes", "note3,2", ["2", "3"]],
  ["s", "", null],
  ["sts", "", []],
];

Deno.test("parseValue() reads every property kind as Roundup does", async () => {
  for (const [prop, raw, want] of OK) {
    assert.deepEqual(await parseValue(raw, ctx(prop)), want, `${prop}=${raw}`);
  }
  assert.equal(await parseValue(" a\r\nb ", ctx("content")), "a\r\nb");
});

Deno.test("parseValue() hashes a plain password", async () => {
  const stored = await parseValue("secret", ctx("p")) as string;
  assert.match(stored, /^\{PBKDF2S5\}1000\$/);
  assert.ok(await verifyPassword("secret", stored));
});

Deno.test("parseValue() edits a Multilink with +name and -name", async () => {
  const c = ctx("sts", { current: ["1", "3"] });
  assert.deepEqual(await parseValue("+closed", c), ["1", "2", "3"]);
  assert.deepEqual(await parseValue("-open,+4", c), ["3", "4"]);
  assert.deepEqual(await parseValue("-5", c), ["1", "3"]);
  assert.deepEqual(await parseValue("2", c), ["2"]);
});

const BAD: Array<[string, string, RegExp]> = [
  ["n", "x", /Cannot set thing\.n to "x": expected a number/],
  ["n", "1,5", /expected a number/],
  ["i", "1.5", /Cannot set thing\.i to "1\.5": expected a whole number/],
  ["b", "maybe", /Cannot set thing\.b to "maybe": expected yes or no/],
  ["d", "garbage", /Cannot set thing\.d to "garbage": expected a date like/],
  [
    "d",
    "2003-02-30",
    /Cannot set thing\.d to "2003-02-30": day 30 is out of range/,
  ],
  ["v", "xx", /Cannot set thing\.v to "xx": expected an interval like/],
  ["p", "{NOPE}x", /Cannot set thing\.p: unknown password scheme "NOPE"/],
  [
    "st",
    "nosuch",
    /Cannot set thing\.st to "nosuch": no status has name "nosuch"/,
  ],
  ["st", "9", /Cannot set thing\.st to "9": status9 does not exist/],
  ["st", "user1", /no status has name "user1"/],
  [
    "notes",
    "hello",
    /Cannot set thing\.notes to "hello": give an id or a designator: note has no key property/,
  ],
];

Deno.test("parseValue() refuses bad text with a message naming property and value", async () => {
  for (const [prop, raw, want] of BAD) {
    await assert.rejects(
      () => parseValue(raw, ctx(prop)),
      want,
      `${prop}=${raw}`,
    );
  }
  await assert.rejects(() => parseValue("nosuch", ctx("st")), NotFoundError);
  await assert.rejects(() => parseValue("x", ctx("n")), InvalidValueError);
});

Deno.test("parseFilterValue() gives ranges, ids and booleans", async () => {
  const day = 86_400_000;
  const cases: Array<[string, string, unknown]> = [
    ["st", "open,closed,-1", ["1", "2", "-1"]],
    ["sts", "status4", ["4"]],
    ["b", "yes,no", [true, false]],
    ["n", "3", [{ from: 3, to: 3 }]],
    ["n", "1;5,;0", [{ from: 1, to: 5 }, { to: 0 }]],
    ["i", "2;", [{ from: 2 }]],
    ["d", "2003", [{
      from: Date.UTC(2003, 0, 1),
      to: Date.UTC(2003, 11, 31, 23, 59, 59),
    }]],
    ["d", "2003-02-16;2003-02-20", [{
      from: Date.UTC(2003, 1, 16),
      to: Date.UTC(2003, 1, 20),
    }]],
    ["d", "from 2003-02-16 to 2003-02-20", [{
      from: Date.UTC(2003, 1, 16),
      to: Date.UTC(2003, 1, 20),
    }]],
    ["d", "2003-02-16;", [{ from: Date.UTC(2003, 1, 16) }]],
    ["d", "-2d;-1d", [{ from: NOW - 2 * day, to: NOW - day }]],
    ["s", "broken", "broken"],
    ["s", "a,b", ["a", "b"]],
  ];
  for (const [prop, raw, want] of cases) {
    assert.deepEqual(
      await parseFilterValue(raw, ctx(prop)),
      want,
      `${prop}=${raw}`,
    );
  }
  await assert.rejects(
    () => parseFilterValue("soon", ctx("d")),
    /Cannot set thing\.d to "soon": /,
  );
  await assert.rejects(
    () => parseFilterValue("x;y", ctx("n")),
    /expected a number like 3 or a range/,
  );
  await assert.rejects(
    () => parseFilterValue("nosuch", ctx("st")),
    /no status has name "nosuch"/,
  );
});

Deno.test("every property kind has a parser", async () => {
  const kinds: PropKind[] = [
    "String",
    "Number",
    "Integer",
    "Boolean",
    "Date",
    "Interval",
    "Password",
    "Link",
    "Multilink",
  ];
  const { PROP_KINDS } = await import("./mod.ts");
  assert.deepEqual(Object.keys(PROP_KINDS).sort(), [...kinds].sort());
});
