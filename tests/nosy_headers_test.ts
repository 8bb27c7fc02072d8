/**
 * Nosy mail header names as Roundup writes them: `X-Roundup-<class>-<prop>` and `X-Roundup-<class>-Id`
 * with class and property names spelt as in the schema, in the bytes sent over SMTP and in the debug file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Db } from "../store/mod.ts";
import { parseConfigIni, type TrackerConfig } from "../tracker/config.ts";
import { createMailer, headerName } from "../tracker/mailer.ts";
import { nosyMailSender } from "../tracker/nosy_mail.ts";
import { classicDb } from "./_helpers.ts";
import { startSmtpSink } from "./_smtp.ts";

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);

function config(mail: Record<string, string>): TrackerConfig {
  const c = parseConfigIni(
    "[tracker]\nweb = http://tracker.example/\n[mail]\ndomain = tracker.example\nhost = 127.0.0.1\n",
  );
  for (const [k, v] of Object.entries(mail)) c.set("mail", k, v);
  return c;
}

/** alice (3) opens issue1 with bob (4) on the nosy list, then sets it to chatting. */
async function openIssue(c: TrackerConfig, env: Record<string, string>) {
  const mailer = createMailer(c, env, { now: () => NOW });
  const db: Db = await classicDb({ sendNosy: nosyMailSender(c, mailer, {}) });
  const msg = await db.cls("msg").create({
    content: "The login page rejects my password.",
    author: "3",
    messageid: "<m1@example.com>",
  }, { actor: "3" });
  await db.cls("issue").create(
    { title: "Login fails", messages: [msg], nosy: ["4"], status: "1" },
    { actor: "3" },
  );
  return db;
}

/** The header lines of the first message in `raw` (up to its first empty line). */
function headerLines(raw: string): string[] {
  return raw.replace(/\r\n/g, "\n").split("\n\n")[0]!.split("\n");
}

function assertRoundupNames(lines: string[]) {
  // Roundup: X-Roundup-issue-Id and X-Roundup-issue-status, never title-cased.
  assert.ok(lines.includes("X-Roundup-issue-Id: 1"), lines.join("\n"));
  assert.ok(lines.includes("X-Roundup-issue-status: unread"), lines.join("\n"));
  assert.ok(lines.includes("X-Roundup-Name: Roundup issue tracker"));
  assert.ok(lines.includes("Message-Id: <m1@example.com>"), lines.join("\n"));
  assert.equal(lines.filter((l) => /^x-roundup-issue-/i.test(l)).length, 2);
  assert.ok(!lines.some((l) => /^X-Roundup-Issue-/.test(l)));
}

Deno.test("nosy mail over SMTP keeps Roundup's X-Roundup-<class>-<prop> header names", async () => {
  const sink = await startSmtpSink();
  try {
    const db = await openIssue(config({ port: String(sink.port) }), {});
    try {
      assert.equal(sink.messages.length, 1);
      assertRoundupNames(headerLines(sink.messages[0]!.raw));
    } finally {
      db.close();
    }
  } finally {
    await sink.close();
  }
});

Deno.test("nosy mail in the debug file keeps Roundup's header names", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "maildebug.txt");
    const db = await openIssue(config({}), { SENDMAILDEBUG: file });
    db.close();
    const text = await Deno.readTextFile(file);
    // the debug file starts with Roundup's "From sender date", FROM: and TO: lines
    assertRoundupNames(headerLines(text).slice(3));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("headerName() gives the caller's spelling, else nodemailer's", () => {
  const headers = { "X-Roundup-issue-Id": "1", "Message-Id": "<a@b>" };
  assert.equal(headerName(headers, "X-Roundup-Issue-ID"), "X-Roundup-issue-Id");
  assert.equal(headerName(headers, "Message-ID"), "Message-Id");
  assert.equal(headerName(headers, "Content-Type"), "Content-Type");
});
