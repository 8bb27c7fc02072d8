import assert from "node:assert/strict";
import {
  parseConfigIni,
  parseDetectorsConfigIni,
} from "../../tracker/config.ts";
import { parseContent } from "../mod.ts";
import { contentRules } from "./messagesummary.ts";
import { withClassicDb as withDb } from "../../tests/_helpers.ts";

// [text, summary and content with keep_quoted_text = yes, then with no]: printed by Roundup 2.6's parseContent.
const CONTENT_ROWS: Array<[string, string, string, string, string]> = [
  [
    "Hello world.\nMore text",
    "Hello world.",
    "Hello world.\nMore text",
    "Hello world.",
    "Hello world.\nMore text",
  ],
  [
    "First line\nsecond line.\n\nNext section",
    "First line\nsecond line.",
    "First line\nsecond line.\n\nNext section",
    "First line\nsecond line.",
    "First line\nsecond line.\n\nNext section",
  ],
  [
    "\n\n> quoted\n> more\n\nreply here\n",
    "reply here",
    "> quoted\n> more\n\nreply here\n",
    "reply here",
    "reply here\n",
  ],
  [
    "On Monday, Bob wrote:\n> q\n> q2\n\nAnswer. And more!",
    "Answer. And more!",
    "On Monday, Bob wrote:\n> q\n> q2\n\nAnswer. And more!",
    "Answer. And more!",
    "Answer. And more!",
  ],
  [
    "> q\nresponse inline\n\nmore",
    "> q",
    "> q\nresponse inline\n\nmore",
    "response inline",
    "response inline\n\nmore",
  ],
  [
    "Intro\n\nSome text\n\nBob wrote:\n> q\nmy reply\n\n-- \nBob\nbob@example.com",
    "Intro",
    "Intro\n\nSome text\n\nBob wrote:\n> q\nmy reply",
    "Intro",
    "Intro\n\nSome text\n\nmy reply",
  ],
  [
    "Top\n\n-----Original Message-----\nFrom: x\n\nold stuff",
    "Top",
    "Top",
    "Top",
    "Top",
  ],
  [
    "Is this right? Yes.\nline two",
    "Is this right? Yes.",
    "Is this right? Yes.\nline two",
    "Is this right? Yes.",
    "Is this right? Yes.\nline two",
  ],
  ["", "", "", "", ""],
  [
    "one line no punctuation",
    "one line no punctuation",
    "one line no punctuation",
    "one line no punctuation",
    "one line no punctuation",
  ],
  [
    "a.b.c is a domain\nok",
    "a.b.c is a domain",
    "a.b.c is a domain\nok",
    "a.b.c is a domain",
    "a.b.c is a domain\nok",
  ],
  [
    "Line one\r\nLine two\r\n\r\nPara two\r\n",
    "Line one",
    "Line one\n\nLine two\n\nPara two",
    "Line one",
    "Line one\n\nLine two\n\nPara two",
  ],
];

Deno.test("parseContent() summarises and strips mail as Roundup does", () => {
  for (const [text, sumYes, bodyYes, sumNo, bodyNo] of CONTENT_ROWS) {
    const yes = contentRules({
      config: parseConfigIni(""),
      detectors: parseDetectorsConfigIni(""),
    });
    const no = contentRules({
      config: parseConfigIni("[mailgw]\nkeep_quoted_text = no\n"),
      detectors: parseDetectorsConfigIni(""),
    });
    assert.deepEqual(parseContent(text, yes), {
      summary: sumYes,
      content: bodyYes,
    }, text);
    assert.deepEqual(parseContent(text, no), {
      summary: sumNo,
      content: bodyNo,
    }, text);
  }
});

Deno.test("messagesummary fills in a missing summary only", async () => {
  await withDb({ config: "[mailgw]\nkeep_quoted_text = no\n" }, async (db) => {
    const msg = db.cls("msg");
    assert.equal(
      await msg.get(
        await msg.create({ content: "> q\nMy answer. More\n" }),
        "summary",
      ),
      "My answer. More",
    );
    const bytes = new TextEncoder().encode("Bytes work too\nsecond");
    assert.equal(
      await msg.get(await msg.create({ content: bytes }), "summary"),
      "Bytes work too",
    );
    assert.equal(
      await msg.get(
        await msg.create({ content: "text", summary: "given" }),
        "summary",
      ),
      "given",
    );
    assert.equal(
      await msg.get(await msg.create({ summary: "no content" }), "summary"),
      "no content",
    );
  });
});
