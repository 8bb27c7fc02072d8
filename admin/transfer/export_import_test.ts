import assert from "node:assert/strict";
import { join } from "node:path";
import { InvalidValueError, resolveSchema } from "../../store/mod.ts";
import { parsePyLiteral, PyDict, PyTuple } from "./py_literal.ts";
import { reprFloat, reprStr, reprText, reprValue } from "./py_repr.ts";
import {
  contentPath,
  dateTuple,
  exportField,
  exportPropnames,
  importField,
} from "./export_codec.ts";
import { exportJournal, importJournal } from "./export_journal.ts";
import { readCsv } from "./roundup_csv.ts";
import { schema as classicSpec } from "../../templates/classic/schema.ts";

const classic = resolveSchema(classicSpec);
const issue = classic.classes.get("issue")!;
const user = classic.classes.get("user")!;
const msg = classic.classes.get("msg")!;

// Expected texts were printed by Python 3 with Roundup's repr_export().
const TEXTS: Array<[string, string]> = [
  ["plain", "'plain'"],
  ["it's", `"it's"`],
  ['say "hi"', `'say "hi"'`],
  [`both ' and "`, `'both \\' and "'`],
  ["Zoë ☃", "'Zo\\xc3\\xab \\xe2\\x98\\x83'"],
  ["tab\there\nnl", "'tab\\there\\nnl'"],
  ["back\\slash", "'back\\\\slash'"],
  ["\x00\x7f", "'\\x00\\x7f'"],
  ["a:b", "'a:b'"],
];

Deno.test("reprText() writes text as Roundup's repr_export does and parsePyLiteral() reads it back", () => {
  for (const [text, repr] of TEXTS) {
    assert.equal(reprText(text), repr, text);
    assert.equal(importField(user.props.get("realname")!, repr), text, repr);
  }
});

Deno.test("reprFloat() prints floats as Python's repr", () => {
  const cases: Array<[number, string]> = [
    [5, "5.0"],
    [2.5, "2.5"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [1.2345678901234568e17, "1.2345678901234568e+17"],
    [1e16, "1e+16"],
    [123456789012345.6, "123456789012345.6"],
    [-0.5, "-0.5"],
    [1e22, "1e+22"],
    [3e-10, "3e-10"],
  ];
  for (const [n, text] of cases) assert.equal(reprFloat(n), text);
});

Deno.test("reprValue() prints lists, tuples and dicts as Python does", () => {
  assert.equal(reprValue(["1", "2"]), "['1', '2']");
  assert.equal(reprValue([]), "[]");
  assert.equal(reprValue(new PyTuple(["a"])), "('a',)");
  assert.equal(
    reprValue(new PyTuple(["issue", "1", "files"])),
    "('issue', '1', 'files')",
  );
  assert.equal(reprStr("\u2028x\u00a0é"), "'\\u2028x\\xa0é'");
});

Deno.test("parsePyLiteral() reads the literals of Roundup's export files", () => {
  assert.equal(parsePyLiteral("None"), null);
  assert.equal(parsePyLiteral("True"), true);
  assert.equal(parsePyLiteral("-7"), -7);
  assert.equal(parsePyLiteral("5002L"), 5002);
  assert.equal(parsePyLiteral("1e-05"), 1e-5);
  assert.equal(parsePyLiteral(`"it's"`), "it's");
  assert.equal(parsePyLiteral("u'\\u2603'"), "☃");
  assert.deepEqual(parsePyLiteral("['1', '2']"), ["1", "2"]);
  assert.deepEqual(
    parsePyLiteral("(('+', ['1']),)"),
    new PyTuple([new PyTuple(["+", ["1"]])]),
  );
  assert.deepEqual(
    parsePyLiteral("{'a': 1, 'b': None}"),
    new PyDict([["a", 1], ["b", null]]),
  );
  assert.deepEqual(parsePyLiteral("(1)"), 1);
  for (
    const bad of ["", "'open", "[1, 2", "{'a' 1}", "foo", "1 2", "'\\xzz'"]
  ) {
    assert.throws(() => parsePyLiteral(bad), InvalidValueError, bad);
  }
});

Deno.test("exportField() and importField() agree for every property kind", () => {
  const cases: Array<[string, unknown, string]> = [
    ["title", "Login: fails", "'Login: fails'"],
    ["status", "3", "'3'"],
    ["status", null, "None"],
    ["nosy", ["2", "10"], "['2', '10']"],
    ["nosy", [], "[]"],
    [
      "creation",
      Date.UTC(2024, 0, 2, 3, 4, 5, 123),
      "(2024, 1, 2, 3, 4, 5.123, 0, 0, 0)",
    ],
    [
      "creation",
      Date.UTC(2024, 0, 2, 3, 4, 0),
      "(2024, 1, 2, 3, 4, 0.0, 0, 0, 0)",
    ],
    // Python reads the seconds with float("01.118"), which prints as 1.118, not 1.1179999999999999.
    [
      "creation",
      Date.UTC(2024, 0, 2, 3, 4, 1, 118),
      "(2024, 1, 2, 3, 4, 1.118, 0, 0, 0)",
    ],
  ];
  for (const [prop, value, text] of cases) {
    const p = issue.props.get(prop)!;
    assert.equal(exportField(p, value), text);
    assert.deepEqual(
      importField(p, text),
      value ?? (p.type === "Multilink" ? [] : null),
    );
  }
  const order = classic.classes.get("status")!.props.get("order")!;
  assert.equal(exportField(order, 3), "3.0");
  // Roundup's classic initial data stores the order as text.
  assert.equal(importField(order, "'3'"), 3);
  assert.deepEqual(importField(issue.props.get("nosy")!, "['10', '2', '2']"), [
    "2",
    "10",
  ]);
  assert.equal(
    importField(
      issue.props.get("creation")!,
      "(2024, 1, 2, 3, 4, 5.1234567, 0, 0, 0)",
    ),
    Date.UTC(2024, 0, 2, 3, 4, 5, 123),
  );
  assert.throws(
    () =>
      importField(
        issue.props.get("creation")!,
        "(2024, 2, 30, 0, 0, 0.0, 0, 0, 0)",
      ),
    InvalidValueError,
  );
  assert.throws(
    () => importField(issue.props.get("status")!, "'x'"),
    /expected an item id/,
  );
  assert.equal(
    dateTuple(Date.UTC(2000, 5, 24, 13, 3, 59, 500)),
    "(2000, 6, 24, 13, 3, 59.5, 0, 0, 0)",
  );
});

Deno.test("exportPropnames() sorts the properties, adds id and leaves out content", () => {
  assert.deepEqual(exportPropnames(msg), [
    "activity",
    "actor",
    "author",
    "creation",
    "creator",
    "date",
    "files",
    "id",
    "inreplyto",
    "messageid",
    "recipients",
    "summary",
    "type",
  ]);
  assert.equal(contentPath("msg", "12"), "msg-files/0/msg12");
  assert.equal(contentPath("file", "2500"), "file-files/2/file2500");
});

Deno.test("exportJournal() and importJournal() agree with Roundup's journal rows", () => {
  const rows = [
    ["'1'", "(2026, 11, 22, 0, 53, 42.886, 0, 0, 0)", "'3'", "'create'", "{}"],
    [
      "'1'",
      "(2026, 11, 22, 0, 53, 42.896, 0, 0, 0)",
      "'3'",
      "'set'",
      `{'nosy': (('-', ['4']),), 'status': '1', 'title': "Zo\\xc3\\xab 'q'"}`,
    ],
    [
      "'1'",
      "(2026, 11, 22, 0, 53, 42.905, 0, 0, 0)",
      "'3'",
      "'link'",
      "('issue', '2', 'superseder')",
    ],
    [
      "'2'",
      "(2026, 11, 22, 0, 53, 42.927, 0, 0, 0)",
      "'3'",
      "'retired'",
      "None",
    ],
  ];
  for (const row of rows) {
    const { id, entry } = importJournal(issue, row);
    assert.deepEqual(exportJournal(issue, id, entry), row);
  }
  const set = importJournal(issue, rows[1]!).entry;
  assert.deepEqual(set.params, {
    nosy: [["-", ["4"]]],
    status: "1",
    title: "Zoë 'q'",
  });
  const pw = importJournal(user, [
    "'3'",
    "(2026, 1, 1, 0, 0, 0.0, 0, 0, 0)",
    "'1'",
    "'set'",
    "{'password': '{PBKDF2S5}*encrypted*'}",
  ]);
  assert.deepEqual(pw.entry.params, { password: "{PBKDF2S5}*encrypted*" });
  assert.throws(
    () =>
      importJournal(issue, [
        "'1'",
        "(2026, 1, 1, 0, 0, 0.0, 0, 0, 0)",
        "'1'",
        "'frobbed'",
        "None",
      ]),
    /unknown journal action/,
  );
  assert.throws(
    () =>
      importJournal(issue, [
        "'1'",
        "(2026, 1, 1, 0, 0, 0.0, 0, 0, 0)",
        "'1'",
        "'set'",
        "{'colour': 'red'}",
      ]),
    /no property 'colour'/,
  );
});

Deno.test("readCsv() reads across chunk boundaries, quoted newlines included, with line numbers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "big.csv");
    const row = `'x':"a:b ""q""":'${"y".repeat(200)}'\n`;
    const n = 8000; // about 1.7 MB, more than one chunk
    await Deno.writeTextFile(
      path,
      row.repeat(n) + `'last':"two\nlines":'z'\n` + `'bad':"open\n`,
    );
    let count = 0;
    let last: string[] = [];
    let lastLine = 0;
    await assert.rejects(async () => {
      for await (const rows of readCsv(path)) {
        for (const r of rows) {
          count++;
          last = r.fields;
          lastLine = r.line;
          if (count <= n) {
            assert.deepEqual(r.fields.slice(0, 2), ["'x'", `a:b "q"`]);
          }
        }
      }
    }, /^ExportFileError: big\.csv line 8003: malformed CSV/);
    assert.equal(count, n + 1);
    assert.deepEqual(last, ["'last'", "two\nlines", "'z'"]);
    assert.equal(lastLine, n + 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
