/**
 * The mail corpus (tests/fixtures/mail/*.eml) run through handleMail() on real classic trackers:
 * each group is one tracker whose messages run in order, as a conversation would. A refused or
 * dropped mail must leave the tracker unchanged, and a refused one must yield a failure notice.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  mailTracker,
  type MailTrackerOptions,
  NOW,
} from "../mailgw/_testing.ts";
import { handleMail, type HandleResult, MailError } from "../mailgw/handler.ts";
import { bounceFor } from "../mailgw/bounce.ts";
import type { Tracker } from "../tracker/home.ts";

const DIR = join(import.meta.dirname!, "fixtures", "mail");

/** What a mail should do; `item` and `msg` list expected values (a RegExp matches text). */
interface Expect {
  created?: string;
  updated?: string;
  dropped?: RegExp;
  bounce?: RegExp;
  /** Where the failure notice goes. */
  to?: string;
  item?: Record<string, unknown>;
  msg?: Record<string, unknown>;
  /** The msg's content. */
  text?: string | RegExp;
  /** The msg's files as [name, type, size]. */
  files?: Array<[string, string, number]>;
  /** The author's username, and the usernames of the recipients. */
  author?: string;
  recipients?: string[];
}

function same(actual: unknown, want: unknown, what: string): void {
  if (want instanceof RegExp) assert.match(String(actual), want, what);
  else assert.deepEqual(actual, want, what);
}

async function username(t: Tracker, id: unknown): Promise<string> {
  return String(await t.db.cls("user").get(String(id), "username"));
}

async function check(t: Tracker, r: HandleResult, want: Expect): Promise<void> {
  const designator = want.created ?? want.updated!;
  assert.deepEqual(
    [r.status, r.designator],
    [want.created ? "created" : "updated", designator],
  );
  const [, cls, id] = /^([a-z]+)(\d+)$/.exec(designator)!;
  const item = await t.db.cls(cls!).getItem(id!);
  for (const [k, v] of Object.entries(want.item ?? {})) {
    same(item[k], v, `${designator}.${k}`);
  }
  if (!r.msgId) {
    assert.ok(!want.msg && !want.text && !want.files, "expected a msg");
    return;
  }
  const msgs = t.db.cls("msg");
  const msg = await msgs.getItem(r.msgId);
  for (const [k, v] of Object.entries(want.msg ?? {})) {
    same(msg[k], v, `msg.${k}`);
  }
  if (want.text) same(await msgs.get(r.msgId, "content"), want.text, "text");
  if (want.author) assert.equal(await username(t, msg.author), want.author);
  if (want.recipients) {
    const rcpt = msg.recipients as string[];
    assert.deepEqual(
      await Promise.all(rcpt.map((u) => username(t, u))),
      want.recipients,
    );
  }
  if (want.files) {
    const files = [];
    for (const f of msg.files as string[]) {
      const it = await t.db.cls("file").getItem(f);
      const size = (await t.db.cls("file").getContent(f)).length;
      files.push([it.name, it.type, size]);
    }
    assert.deepEqual(files, want.files);
    for (const f of msg.files as string[]) {
      assert.ok((item.files as string[]).includes(f), `file${f} on the item`);
    }
  }
}

async function counts(t: Tracker): Promise<number[]> {
  const classes = ["issue", "msg", "file", "user", "keyword"];
  return await Promise.all(
    classes.map(async (c) => (await t.db.cls(c).list()).length),
  );
}

async function runCase(t: Tracker, file: string, want: Expect): Promise<void> {
  const raw = await Deno.readFile(join(DIR, file));
  const before = await counts(t);
  let result: HandleResult;
  try {
    result = await handleMail(t, raw, { now: () => NOW });
  } catch (e) {
    if (!want.bounce || !(e instanceof MailError)) throw e;
    assert.match(e.message, want.bounce);
    assert.deepEqual(await counts(t), before, "a refused mail changes nothing");
    const notice = bounceFor(e, raw, t);
    if (want.to) assert.deepEqual(notice.to, [want.to]);
    assert.equal(notice.attachments?.[0]?.content, raw);
    return;
  }
  assert.ok(!want.bounce, `expected a refusal, got ${JSON.stringify(result)}`);
  if (want.dropped) {
    assert.equal(result.status, "dropped");
    assert.match(result.reason!, want.dropped);
    assert.deepEqual(await counts(t), before, "a dropped mail changes nothing");
    return;
  }
  await check(t, result, want);
}

function group(
  name: string,
  opts: MailTrackerOptions,
  cases: Array<[string, Expect]>,
): void {
  Deno.test(`handleMail() corpus: ${name}`, async (ctx) => {
    await using t = await mailTracker(opts);
    for (const [file, want] of cases) {
      await ctx.step(file, () => runCase(t, file, want));
    }
  });
}

// Users: admin 1, anonymous 2, alice 3, bob 4, carol 5 (no roles). Priorities: urgent 2, bug 3.
// Statuses: unread 1, chatting 3, resolved 8.
// deno-fmt-ignore
group("a support conversation", {}, [
  ["01-new-issue-plain.eml", { created: "issue1", author: "alice", recipients: ["bob"],
    item: { title: "Login page times out", nosy: ["3", "4"], status: "1" },
    msg: { summary: 'Since this morning the login page takes about thirty seconds and then \nshows "504 Gateway Timeout".' },
    text: /^Since this morning[\s\S]*have a look at the proxy logs\?$/ }],
  ["02-reply-designator-quoted.eml", { updated: "issue1", author: "bob", item: { status: "3" },
    msg: { summary: "The proxy pool lost two of its four backends at 07:58. I restarted" },
    text: /^Alice Able added the comment:\n> Since this morning[\s\S]*Done, see above\.$/ }],
  ["03-gmail-alternative-threaded.eml", { updated: "issue1", text: /^Still slow for me/,
    files: [["unnamed", "text/html", 476]] }],
  ["04-outlook-html-original-message.eml", { updated: "issue1", author: "alice",
    text: "Hi all,\n\nI can confirm it is fixed here – login takes 2 seconds again. Thanks!\n\nRegards,\nAlice" }],
  ["05-apple-mail-inline-image.eml", { created: "issue2", item: { title: "Dashboard chart renders blank" },
    files: [["unnamed", "text/html", 343], ["chart.png", "image/png", 70]] }],
  ["06-suffix-priority.eml", { updated: "issue1", item: { priority: "2", title: "the login page is broken!" } }],
  ["07-suffix-nosy-add.eml", { updated: "issue1", item: { nosy: ["3", "4", "5"] } }],
  ["08-suffix-nosy-remove-and-priority.eml", { updated: "issue1", item: { nosy: ["3", "5"], priority: "3" } }],
  ["09-suffix-nosy-set.eml", { updated: "issue1", item: { nosy: ["3", "4"] } }],
  ["10-suffix-unknown-property.eml", { bounce: /"colour" is not a property of issue/, to: "bob@example.com" }],
  ["11-suffix-bad-value.eml", { bounce: /no priority has name "superurgent"/ }],
  ["12-unknown-class-prefix.eml", { bounce: /does not say what it is about[\s\S]*"\[widget\] We need more widgets"/ }],
  ["13-classname-keyword.eml", { created: "keyword1", item: { name: "networking" } }],
  ["14-nonexistent-designator.eml", { bounce: /There is no issue999/ }],
  ["15-unknown-sender.eml", { bounce: /sam@elsewhere\.example does not belong[\s\S]*demo\/user\?@template=register/, to: "sam@elsewhere.example" }],
  ["16-user-without-email-access.eml", { bounce: /may not use the mail interface/, to: "carol@example.com" }],
  ["17-autoreply-out-of-office.eml", { dropped: /Auto-Submitted: auto-replied/ }],
  ["18-vacation-x-autoreply.eml", { dropped: /x-autoreply/ }],
  ["19-roundup-loop.eml", { dropped: /X-Roundup-Loop/ }],
  ["20-mailing-list-digest.eml", { dropped: /Precedence: list/ }],
  ["21-bounce-dsn.eml", { dropped: /auto-replied/ }],
  ["22-bounce-without-auto-submitted.eml", { bounce: /postmaster@oldmx\.example\.net does not belong/ }],
  ["23-iso-8859-1.eml", { created: "issue3", item: { title: "Drucker druckt keine Umlaute (Müller & Söhne)" },
    text: /aus "Müller & Söhne"\nwird "M\?ller & S\?hne"\. Gemäß Handbuch/ }],
  ["24-windows-1252.eml", { created: "issue4", item: { title: "Invoice shows € as “?”" },
    text: /prints “smart quotes” as garbage and the price\n€ 1\.250,00 shows as “\? 1\.250,00” – see/ }],
  ["25-koi8-r.eml", { created: "issue5", item: { title: "Пустой отчёт о продажах" },
    msg: { summary: "Здравствуйте!" }, text: /С уважением,\nАлиса$/ }],
  ["26-shift-jis.eml", { created: "issue6", item: { title: "会議室予約システムにログインできない" },
    text: /エラーコードは E-401 です。/ }],
  ["27-utf8-base64-emoji.eml", { created: "issue7", item: { title: "☕ Coffee machine makes only hot water" },
    text: /“Descale now” 😅/ }],
  ["28-quoted-printable-long-lines.eml", { created: "issue8",
    msg: { summary: /^The nightly export job .*Permission denied" and the directory .*post-install script\.$/ } }],
  ["30-broken-missing-boundary.eml", { bounce: /multipart\/mixed part has no boundary parameter/ }],
  ["31-broken-unknown-charset.eml", { created: "issue9", item: { title: "Café menu missing on intranet" },
    text: /the crème brûlée is gone too\.$/ }],
  // Cut off inside the attachment: the text and what arrived of the PDF are kept.
  ["32-broken-truncated.eml", { created: "issue10", text: "The attached PDF says it is damaged.",
    files: [["q1-report.pdf", "application/pdf", 541]] }],
  ["33-html-only.eml", { bounce: /no plain text part/ }],
  ["34-forward-as-attachment.eml", { created: "issue11",
    files: [["Customer complaint about late delivery.eml", "message/rfc822", 435]] }],
  ["35-pgp-signed.eml", { created: "issue12", files: [],
    text: "The VPN pre-shared key is two years old; please rotate it this week." }],
  ["36-two-text-parts.eml", { created: "issue13", files: [["backup.log", "text/plain", 179]] }],
  ["37-reply-title-match.eml", { updated: "issue2", author: "bob" }],
  ["38-reply-without-match.eml", { created: "issue14", item: { title: "Parking garage gate stuck open" } }],
  ["39-help.eml", { bounce: /Send mail to issues@example\.com/, to: "bob@example.com" }],
  ["40-no-subject.eml", { bounce: /has no subject/ }],
  ["41-no-from.eml", { bounce: /no sender address/, to: "roundup-admin@example.com" }],
  ["42-resent-from-moderator.eml", { created: "issue15", author: "bob" }],
  ["43-alternate-address.eml", { updated: "issue2", author: "alice" }],
  // A lone signature is the whole text, so it stays (as in Roundup).
  ["44-empty-body-status-change.eml", { updated: "issue1", item: { status: "8" }, msg: { summary: "-- " } }],
  ["45-precedence-bulk-newsletter.eml", { dropped: /Precedence: bulk/ }],
  ["46-outlook-meeting-request.eml", { updated: "issue1", item: { status: "3", title: "Post-mortem meeting" },
    files: [["unnamed", "text/calendar", 300]] }],
  ["47-outlook-winmail-dat.eml", { created: "issue16", files: [["winmail.dat", "application/ms-tnef", 14]],
    text: /macros are blocked\. \nDetails in the attachment\.$/ }],
]);

// deno-fmt-ignore
group("keep_quoted_text = no", { settings: { mailgw_keep_quoted_text: "no" } }, [
  ["01-new-issue-plain.eml", { created: "issue1" }],
  ["02-reply-designator-quoted.eml", { updated: "issue1",
    text: "The proxy pool lost two of its four backends at 07:58. I restarted\nthem; the page should load again.\n\nDone, see above." }],
  ["03-gmail-alternative-threaded.eml", { updated: "issue1",
    text: /Carol asked too\.\n\nOn Mon, 2 Mar 2026 at 10:03, Bob Baker <bob@example\.com> wrote:$/ }],
]);

// deno-fmt-ignore
group("convert_htmltotext = dehtml, ignore_alternatives = yes", {
  settings: { mailgw_convert_htmltotext: "dehtml", mailgw_ignore_alternatives: "yes" },
}, [
  ["33-html-only.eml", { created: "issue1", files: [["unnamed", "text/html", 361]],
    text: "Hello,\n\nthe link Holiday calendar on the start page gives a 404 error.\n\n* Browser: Firefox 136\n* Since: today\n\nThanks & regards,\nAlice" }],
  ["03-gmail-alternative-threaded.eml", { created: "issue2", files: [] }],
]);

// deno-fmt-ignore
group("unpack_rfc822 = yes", { settings: { mailgw_unpack_rfc822: "yes" } }, [
  ["34-forward-as-attachment.eml", { created: "issue1", files: [["unnamed", "text/plain", 99]] }],
]);

// deno-fmt-ignore
group("loose subject parsing", {
  settings: { mailgw_subject_prefix_parsing: "loose", mailgw_subject_suffix_parsing: "loose" },
}, [
  ["01-new-issue-plain.eml", { created: "issue1" }],
  ["10-suffix-unknown-property.eml", { updated: "issue1", item: { title: "the login page is broken! [colour=red]" } }],
  ["12-unknown-class-prefix.eml", { created: "issue2", item: { title: "[widget] We need more widgets" } }],
  ["14-nonexistent-designator.eml", { created: "issue3", item: { title: "Re: [issue999] Where did this one go?" } }],
  ["50-loose-unknown-prefix.eml", { created: "issue4", item: { title: "[Intranet] Search returns nothing [colour=red]" } }],
]);

// deno-fmt-ignore
group("registration by mail", { anonymousMail: true }, [
  ["15-unknown-sender.eml", { created: "issue1", author: "sam", item: { nosy: ["6"] } }],
  ["48-new-sender-registration.eml", { created: "issue2", author: "dana", recipients: ["alice", "erin"],
    item: { nosy: ["3", "7", "8"] } }],
  ["49-username-clash-registration.eml", { created: "issue3", author: "alice1" }],
]);

Deno.test("handleMail() corpus: a huge attachment is stored whole", async () => {
  await using t = await mailTracker();
  const data = new Uint8Array(6 * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += 57) {
    lines.push(btoa(String.fromCharCode(...data.subarray(i, i + 57))));
  }
  const raw = new TextEncoder().encode(
    [
      "From: Bob Baker <bob@example.com>",
      "To: issues@example.com",
      "Subject: Database dump for the migration",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="huge"',
      "",
      "--huge",
      "Content-Type: text/plain",
      "",
      "The dump is attached.",
      "--huge",
      "Content-Type: application/octet-stream; name=dump.bin",
      "Content-Transfer-Encoding: base64",
      "",
      ...lines,
      "--huge--",
      "",
    ].join("\r\n"),
  );
  const r = await handleMail(t, raw, { now: () => NOW });
  const files = await t.db.cls("msg").get(r.msgId!, "files") as string[];
  assert.equal(await t.db.cls("file").get(files[0]!, "name"), "dump.bin");
  assert.deepEqual(await t.db.cls("file").getContent(files[0]!), data);
});
