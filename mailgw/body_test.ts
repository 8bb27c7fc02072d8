import assert from "node:assert/strict";
import { bodyOptions, parseBody } from "./body.ts";
import { parseConfigIni } from "../tracker/config.ts";

const REPLY = `Alice wrote:
> The printer jams.
> Every time.

Fixed: the tray was bent.

> Can you order toner?

Ordered.

-- 
Bob
Facilities`;

const OUTLOOK = `Thanks, works now.

-----Original Message-----
From: Bob
Sent: Monday

Fixed: the tray was bent.`;

const INLINE = `On Monday Alice wrote:
> question one
answer one
> question two`;

// [name, text, options, summary, content]
// deno-fmt-ignore
const TABLE: Array<[string, string, Parameters<typeof parseBody>[1], string, string]> = [
  ["keeps quotes by default, drops the signature", REPLY, {}, "Fixed: the tray was bent.",
    "Alice wrote:\n> The printer jams.\n> Every time.\n\nFixed: the tray was bent.\n\n> Can you order toner?\n\nOrdered."],
  ["drops quotes and their introduction with keep_quoted_text=no", REPLY, { keepQuotedText: "no" },
    "Fixed: the tray was bent.", "Fixed: the tray was bent.\n\nOrdered."],
  ["keeps quotes of new items with keep_quoted_text=new", REPLY, { keepQuotedText: "new", isNew: true },
    "Fixed: the tray was bent.", "Alice wrote:\n> The printer jams.\n> Every time.\n\nFixed: the tray was bent.\n\n> Can you order toner?\n\nOrdered."],
  ["drops quotes of followups with keep_quoted_text=new", REPLY, { keepQuotedText: "new", isNew: false },
    "Fixed: the tray was bent.", "Fixed: the tray was bent.\n\nOrdered."],
  ["keeps everything with leave_body_unchanged=yes", REPLY, { keepQuotedText: "no", leaveBodyUnchanged: "yes" },
    "Fixed: the tray was bent.", REPLY],
  ["cuts at an Outlook original message", OUTLOOK, {}, "Thanks, works now.", "Thanks, works now."],
  ["keeps a reply typed inside a quoting section", INLINE, { keepQuotedText: "no" },
    "answer one", "answer one\n> question two"],
  ["takes a first line that is a whole sentence", "Short.\nSecond line is here.", {},
    "Short.", "Short.\nSecond line is here."],
  ["takes the first line when the sentence runs over it", "First line\ncontinues here. More", {},
    "First line\ncontinues here.", "First line\ncontinues here. More"],
  ["skips leading blank lines", "\n\n\nHello there\n", {}, "Hello there", "Hello there\n"],
  ["keeps a lone signature section (it is the summary)", "-- \nBob\nFacilities", {}, "-- ", "-- \nBob\nFacilities"],
  ["keeps a signature-like section that is too long", "Hi\n\n--\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10", {},
    "Hi", "Hi\n\n--\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10"],
  ["uses a configured sign_re", "Hi\n\n~~~\nBob", { signRe: "^~~~$" }, "Hi", "Hi"],
];

for (const [name, text, opts, summary, content] of TABLE) {
  Deno.test(`parseBody() ${name}`, () => {
    assert.deepEqual(parseBody(text, opts), { summary, content });
  });
}

Deno.test("bodyOptions() reads the [mailgw] settings", () => {
  const config = parseConfigIni(
    "[mailgw]\nkeep_quoted_text = no\nleave_body_unchanged = new\nsign_re = ^~~$\n",
  );
  const o = bodyOptions(config, true);
  assert.equal(o.keepQuotedText, "no");
  assert.equal(o.leaveBodyUnchanged, "new");
  assert.equal(o.signRe, "^~~$");
  assert.equal(o.isNew, true);
  assert.equal(parseBody(REPLY, o).content, REPLY);
});
