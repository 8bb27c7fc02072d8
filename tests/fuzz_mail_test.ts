/**
 * Fuzzing the mail gateway: thousands of generated malformed mails go through the real handler
 * into a real KV tracker. Each one must be filed (or dropped) cleanly, or fail with a MailError
 * whose message is clear, and a mail that fails must not have written anything.
 */
import assert from "node:assert/strict";
import { handleMail, MailError } from "../mailgw/handler.ts";
import { decodeWords } from "../mailgw/parse.ts";
import { deliverBatch } from "../mailgw/deliver.ts";
import { createMailer } from "../tracker/mailer.ts";
import { eml, mailTracker, NOW } from "../mailgw/_testing.ts";
import { caseLabel, quote, Rng, unclear, WriteRecorder } from "./_fuzz.ts";
import { fuzzMail } from "./_fuzz_mail.ts";
import type { Tracker } from "../tracker/home.ts";

/** Mails per tracker set-up; FUZZ_MAILS scales the run (CI runs the default). */
const MAILS = Number(Deno.env.get("FUZZ_MAILS") ?? 2000);
const MAX_REPORTED = 8;
const now = () => NOW;
const latin1 = new TextDecoder("latin1");

/** A few issues for the mails to refer to. */
async function seed(t: Tracker): Promise<void> {
  for (const title of ["First", "Second", "Third"]) {
    await handleMail(
      t,
      eml(
        `From: alice@example.com\nTo: issues@example.com\nSubject: ${title}\nMessage-ID: <${title}@fuzz.example>\n\nBody of ${title}.\n`,
      ),
      { now },
    );
  }
}

/** What a bounce may quote from the mail: its text, and its subject decoded. */
function echoable(raw: Uint8Array): string {
  const text = latin1.decode(raw);
  const subject = /^subject:(.*)$/im.exec(text)?.[1] ?? "";
  try {
    return `${text}\n${decodeWords(subject)}`;
  } catch {
    return text;
  }
}

/** Why the outcome of one mail is wrong, or null. */
async function check(
  t: Tracker,
  rec: WriteRecorder,
  raw: Uint8Array,
): Promise<string | null> {
  let result;
  try {
    result = await handleMail(t, raw, { now });
  } catch (e) {
    if (!(e instanceof MailError)) {
      const err = e as Error;
      return `crashed with ${err?.name}: ${err?.message}\n${err?.stack ?? ""}`;
    }
    const why = unclear(e.message, echoable(raw));
    if (why) return `bounce message ${why}`;
    if (rec.writes.length) {
      return `failed ("${e.message.slice(0, 200)}") but wrote ${
        quote(rec.writes.slice(0, 5))
      }`;
    }
    return null;
  }
  if (result.status === "dropped") {
    return rec.writes.length
      ? `was dropped but wrote ${quote(rec.writes.slice(0, 5))}`
      : null;
  }
  if (result.msgId && !rec.writes.length) {
    return `made msg${result.msgId} but nothing was written`;
  }
  const m = /^([a-z]+)(\d+)$/.exec(result.designator ?? "");
  if (!m) {
    return `was ${result.status} with designator ${quote(result.designator)}`;
  }
  const item = await t.db.cls(m[1]!).getItem(m[2]!);
  if (result.msgId && !(item.messages as string[]).includes(result.msgId)) {
    return `${result.designator} does not list msg${result.msgId}`;
  }
  return null;
}

async function fuzz(
  suite: string,
  opts: Parameters<typeof mailTracker>[0],
): Promise<void> {
  await using t = await mailTracker({ sendMail: false, ...opts });
  await seed(t);
  const rec = new WriteRecorder(t.db.kv);
  const failures: string[] = [];
  for (let n = 0; n < MAILS && failures.length < MAX_REPORTED; n++) {
    const raw = fuzzMail(Rng.forCase(suite, n));
    rec.reset();
    const problem = await check(t, rec, raw);
    if (problem) {
      failures.push(`${caseLabel(suite, n)}: ${problem}\nmail: ${quote(raw)}`);
    }
  }
  assert.deepEqual(failures, [], failures.join("\n\n"));
}

Deno.test("handleMail() files or bounces clearly every one of 2,000 malformed mails (default settings)", async () => {
  await fuzz("mail-default", { anonymousMail: true });
});

Deno.test("handleMail() files or bounces clearly every one of 2,000 malformed mails (HTML converted, rfc822 unpacked, loose subjects)", async () => {
  await fuzz("mail-loose", {
    settings: {
      mailgw_convert_htmltotext: "dehtml",
      mailgw_unpack_rfc822: "yes",
      mailgw_ignore_alternatives: "yes",
      mailgw_keep_quoted_text: "no",
      mailgw_subject_prefix_parsing: "loose",
      mailgw_subject_suffix_parsing: "loose",
    },
  });
});

/** Msgs and files no item links to: what a half-applied mail would leave. */
async function orphans(t: Tracker): Promise<string[]> {
  const linked = new Set<string>();
  for (const cls of t.schema.classes.keys()) {
    const h = t.db.cls(cls);
    for (const id of await h.list()) {
      const item = await h.getItem(id);
      for (const p of ["messages", "files"]) {
        for (const x of (item[p] as string[] | undefined) ?? []) {
          linked.add(`${p === "messages" ? "msg" : "file"}${x}`);
        }
      }
    }
  }
  const out: string[] = [];
  for (const cls of ["msg", "file"]) {
    for (const id of await t.db.cls(cls).list()) {
      if (!linked.has(`${cls}${id}`)) out.push(`${cls}${id}`);
    }
  }
  return out;
}

Deno.test("deliverBatch() files or bounces clearly 1,000 malformed mails in batches of 10 and leaves no msg or file behind", async () => {
  await using t = await mailTracker({ sendMail: false, anonymousMail: true });
  await seed(t);
  const mailer = createMailer(t.config, {}, { home: t.home, log: () => {} });
  const failures: string[] = [];
  const count = Math.ceil(MAILS / 2);
  for (let n = 0; n < count && failures.length < MAX_REPORTED; n += 10) {
    const mails = Array.from(
      { length: Math.min(10, count - n) },
      (_, k) => ({
        raw: fuzzMail(Rng.forCase("batch", n + k)),
        label: String(n + k),
      }),
    );
    const outcomes = await deliverBatch(t, mailer, mails, { now });
    for (const [k, o] of outcomes.entries()) {
      const raw = mails[k]!.raw;
      const why = / kept, not handled: /.test(o.line)
        ? `was not handled: ${o.line.slice(0, 600)}`
        : unclear(o.line, echoable(raw));
      if (why) {
        failures.push(
          `${caseLabel("batch", n + k)}: ${why}\nmail: ${quote(raw)}`,
        );
      }
    }
  }
  assert.deepEqual(failures, [], failures.join("\n\n"));
  assert.deepEqual(await orphans(t), []);
});

Deno.test("handleMail() bounces clearly what the fuzz test found: a title too big to store, a 23-digit designator", async () => {
  await using t = await mailTracker({ sendMail: false });
  const rec = new WriteRecorder(t.db.kv);
  const mail = (subject: string) =>
    eml(
      `From: alice@example.com\nTo: issues@example.com\nSubject: ${subject}\n\nText.\n`,
    );
  await assert.rejects(handleMail(t, mail("x".repeat(70_000)), { now }), {
    name: "MailError",
    message: /^Your message could not be filed: Cannot commit: Value too large/,
  });
  await assert.rejects(
    handleMail(t, mail("[issue99999999999999999999999] hello"), { now }),
    { name: "MailError", message: /There is no issue99999999999999999999999,/ },
  );
  assert.deepEqual(rec.writes, []);
  // Alone in a batch, the same mail is bounced too (it was kept unanswered).
  const mailer = createMailer(t.config, {}, { home: t.home, log: () => {} });
  const [alone] = await deliverBatch(t, mailer, [
    { raw: mail("x".repeat(70_000)), label: "big" },
  ], { now });
  assert.match(
    alone!.line,
    /^big: kept and bounced: Your message could not be filed/,
  );
});
