import assert from "node:assert/strict";
import { parseSubject, pythonRegExp, splitAssignments } from "./subject.ts";

const CLASSES = [
  "file",
  "issue",
  "keyword",
  "msg",
  "priority",
  "query",
  "status",
  "user",
];

// [subject, isReply, classname, nodeid, title, suffix]. The first four are the user guide's
// examples; every row was checked against Roundup 2.6's parse_subject.
// deno-fmt-ignore
const TABLE: Array<
  [string, boolean, string | null, string | null, string, string | null]
> = [
  ["Re: [issue2] the coffee machine is broken! [priority=urgent]", true, "issue", "2", "the coffee machine is broken!", "priority=urgent"],
  ["Re: [issue2] we're out of widgets [nosy=+richard]", true, "issue", "2", "we're out of widgets", "nosy=+richard"],
  ["Re: [issue2] we're out of widgets [nosy=richard,cliff]", true, "issue", "2", "we're out of widgets", "nosy=richard,cliff"],
  ["Re: [issue2] we're out of widgets [nosy=-richard;priority=bug]", true, "issue", "2", "we're out of widgets", "nosy=-richard;priority=bug"],
  ["[issue] This is a new issue", false, "issue", null, "This is a new issue", null],
  ["[issue1234] This is a followup to issue 1234", false, "issue", "1234", "This is a followup to issue 1234", null],
  ['Re: "[issue1234] title of issue [status=resolved]"', true, "issue", "1234", "title of issue", "status=resolved"],
  ['Re: "[issue1] bla blah"', true, "issue", "1", "bla blah", null],
  ["[Mailing-list] Re: [issue12] title", false, "issue", "12", "title", null],
  ["Fwd: Re: AW: SV: title", true, null, null, "title", null],
  ["[frobulator] title", false, null, null, "[frobulator] title", null],
  ["Reminder: weekly sync", false, null, null, "Reminder: weekly sync", null],
  // Roundup keeps the class name as typed ("ISSUE"); the schema's spelling is returned here.
  ["RE: [ISSUE5] Shouting", true, "issue", "5", "Shouting", null],
  ["[issue  7 ] spaced", false, "issue", "7", "spaced", null],
  ["Re:  [issue2]  two  spaces  [status=chatting]", true, "issue", "2", "two  spaces", "status=chatting"],
  ["[keyword] ui", false, "keyword", null, "ui", null],
  ["plain title", false, null, null, "plain title", null],
  ["title [with brackets] inside", false, null, null, "title [with brackets] inside", null],
  ["[issue3] [priority=bug]", false, "issue", "3", "", "priority=bug"],
  ["Aw: Ang: Fw: [issue9] nordic", true, "issue", "9", "nordic", null],
  ["Re: Re: Re:", true, null, null, "", null],
  ["[msg3] msg followup", false, "msg", "3", "msg followup", null],
  ["[user] new user please", false, "user", null, "new user please", null],
  ["Antwort: foo", false, null, null, "Antwort: foo", null],
  ["   leading blanks [status=resolved]", false, null, null, "leading blanks", "status=resolved"],
];

for (const [subject, isReply, classname, nodeid, title, props] of TABLE) {
  Deno.test(`parseSubject() reads ${JSON.stringify(subject)}`, () => {
    const s = parseSubject(subject, { classNames: CLASSES });
    assert.deepEqual(
      [
        s.isReply,
        s.classname ?? null,
        s.nodeid ?? null,
        s.title,
        s.props ?? null,
      ],
      [isReply, classname, nodeid, title, props],
    );
  });
}

Deno.test("parseSubject() tells a [word] prefix that names no class", () => {
  assert.equal(
    parseSubject("[frobulator] x", { classNames: CLASSES }).hasPrefix,
    true,
  );
  assert.equal(
    parseSubject("[issue] x", { classNames: CLASSES }).hasPrefix,
    true,
  );
  assert.equal(
    parseSubject("[a b] x", { classNames: CLASSES }).hasPrefix,
    false,
  );
  assert.equal(parseSubject("plain", { classNames: CLASSES }).hasPrefix, false);
});

Deno.test("parseSubject() keeps the suffix with its delimiters and honours other delimiters", () => {
  const s = parseSubject("{issue3} Printer {status=resolved}", {
    classNames: CLASSES,
    delimiters: "{}",
  });
  assert.deepEqual([s.classname, s.nodeid, s.title, s.props, s.propsWhole], [
    "issue",
    "3",
    "Printer",
    "status=resolved",
    "{status=resolved}",
  ]);
  const b = parseSubject("Re: [issue3] Printer [status=resolved]", {
    classNames: CLASSES,
  });
  assert.equal(b.propsWhole, "[status=resolved]");
});

Deno.test("parseSubject() uses a configured refwd_re", () => {
  const opts = { classNames: CLASSES, refwdRe: String.raw`(\s*(vs|wg)\s*:)+` };
  assert.deepEqual(
    [
      parseSubject("WG: VS: [issue4] Drucker", opts).isReply,
      parseSubject("WG: VS: [issue4] Drucker", opts).title,
    ],
    [true, "Drucker"],
  );
  assert.equal(parseSubject("Re: [issue4] Drucker", opts).isReply, false);
});

Deno.test("pythonRegExp() accepts Python's named groups, Unicode \\w and verbose patterns", () => {
  assert.equal(
    pythonRegExp(String.raw`(?P<x>\w+)-(?P=x)`).exec("ab-ab")?.groups?.x,
    "ab",
  );
  assert.ok(pythonRegExp(String.raw`^\w+$`).test("Grüße"));
  assert.ok(pythonRegExp(String.raw`^ a  b # comment`, "", true).test("ab"));
});

Deno.test("splitAssignments() needs exactly one = per pair", () => {
  assert.deepEqual(splitAssignments("priority=urgent; nosy=+fred,-jim"), [
    { prop: "priority", value: "urgent" },
    { prop: "nosy", value: "+fred,-jim" },
  ]);
  assert.throws(
    () => splitAssignments("title=a=b"),
    /not of the form property=value/,
  );
  assert.throws(() => splitAssignments("urgent"), /not of the form/);
});
