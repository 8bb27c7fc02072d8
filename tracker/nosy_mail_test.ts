import assert from "node:assert/strict";
import type { Db } from "../store/mod.ts";
import { Security } from "../store/security.ts";
import { schema as classicSchema } from "../templates/classic/schema.ts";
import { classicDb } from "../tests/_helpers.ts";
import { parseConfigIni } from "./config.ts";
import type { Mailer, OutgoingMail } from "./mailer.ts";
import { emailSignature, nosyMailSender, senderHeader } from "./nosy_mail.ts";

const BASE = {
  "tracker.web": "http://tracker.example/",
  "mail.domain": "tracker.example",
  "mail.host": "localhost",
};

interface Setup {
  db: Db;
  sent: OutgoingMail[];
  logged: string[];
}

/** A classic db whose nosy mail lands in `sent`; `settings` are "section.name" → value. */
async function withNosy(
  settings: Record<string, string>,
  fn: (s: Setup) => Promise<void>,
  opts: { fail?: boolean; security?: Security } = {},
): Promise<void> {
  const config = parseConfigIni("");
  for (const [key, value] of Object.entries({ ...BASE, ...settings })) {
    const [section, name] = key.split(".") as [string, string];
    config.set(section, name, value);
  }
  const sent: OutgoingMail[] = [];
  const logged: string[] = [];
  const mailer: Mailer = {
    deliver: (mail) => {
      if (opts.fail) return Promise.reject(new Error("mailhost is down"));
      sent.push(mail);
      return Promise.resolve();
    },
    send: (mail) => mailer.deliver(mail).catch(() => {}),
  };
  const sendNosy = nosyMailSender(config, mailer, {
    log: (l) => void logged.push(l),
    security: opts.security,
  });
  const db = await classicDb({ config: config.toIni(), sendNosy });
  try {
    await db.cls("user").set("3", { realname: "Alice Liddell" });
    await fn({ db, sent, logged });
  } finally {
    db.close();
  }
}

/** alice (3) opens "Login fails" with bob (4) on the nosy list; returns the issue id. */
async function openIssue(db: Db, extra: Record<string, unknown> = {}) {
  const msg = await db.cls("msg").create({
    content: "The login page rejects my password.",
    author: "3",
    ...extra,
  }, { actor: "3" });
  return await db.cls("issue").create(
    { title: "Login fails", messages: [msg], nosy: ["4"], status: "1" },
    { actor: "3" },
  );
}

/** bob (4) answers on issue1 with `changes`; returns the new msg id. */
async function followUp(db: Db, changes: Record<string, unknown>) {
  const msg = await db.cls("msg").create({
    content: "Which browser?",
    author: "4",
  }, { actor: "4" });
  const messages = await db.cls("issue").get("1", "messages") as string[];
  await db.cls("issue").set("1", { messages: [...messages, msg], ...changes }, {
    actor: "4",
  });
  return msg;
}

const SIGNATURE = "\n" + "_".repeat(53) +
  "\nRoundup issue tracker <issue_tracker@tracker.example>\n" +
  "<http://tracker.example/issue1>\n" + "_".repeat(53);

Deno.test("nosyMailSender() sends a new issue to its nosy list as Roundup does", async () => {
  await withNosy({}, async ({ db, sent }) => {
    await openIssue(db);
    assert.equal(sent.length, 1);
    const mail = sent[0]!;
    assert.deepEqual(mail.to, ["bob@example.com"]);
    assert.equal(mail.from, "Alice Liddell <issue_tracker@tracker.example>");
    assert.equal(mail.subject, "[issue1] Login fails");
    const messageId = mail.headers["Message-Id"]!;
    assert.match(
      messageId,
      /^<[\d.]+\.[A-Z2-7]{16}\.issue1@tracker\.example>$/,
    );
    assert.deepEqual(mail.headers, {
      "Reply-To": "Roundup issue tracker <issue_tracker@tracker.example>",
      "Message-Id": messageId,
      "X-Roundup-issue-status": "unread",
      "X-Roundup-issue-Id": "1",
    });
    assert.equal(
      mail.text,
      "\nNew submission from Alice Liddell <alice@example.com>:\n\n" +
        "The login page rejects my password.\n\n----------\n" +
        "messages: 1\nnosy: alice, bob\nstatus: unread\ntitle: Login fails\n" +
        SIGNATURE,
    );
    const msg = await db.cls("msg").getItem("1");
    assert.deepEqual(msg.recipients, ["4"]);
    assert.equal(msg.messageid, messageId);
    // Roundup journals the recipients, then the Message-Id it made up, as two changes.
    const sets = (await db.cls("msg").history("1"))
      .filter((e) => e.action === "set").map((e) => e.params);
    assert.deepEqual(sets, [{ recipients: [["+", ["4"]]] }, {
      messageid: null,
    }]);
  });
});

Deno.test("nosyMailSender() sends a follow-up with its change note and In-Reply-To", async () => {
  await withNosy({}, async ({ db, sent }) => {
    await openIssue(db, { messageid: "<m1@example.com>" });
    await db.cls("keyword").create({ name: "web" });
    await followUp(db, {
      status: "3",
      keyword: ["1"],
      title: "Login fails in Firefox",
      nosy: ["1", "3", "4"],
    });
    assert.equal(sent.length, 2);
    const mail = sent[1]!;
    assert.deepEqual(mail.to, ["alice@example.com"]);
    assert.equal(mail.from, "bob <issue_tracker@tracker.example>");
    assert.equal(mail.subject, "[issue1] Login fails in Firefox");
    assert.equal(mail.headers["In-Reply-To"], "<m1@example.com>");
    // Roundup adds the In-Reply-To it takes from the first message after the item headers.
    assert.deepEqual(Object.keys(mail.headers), [
      "Reply-To",
      "Message-Id",
      "X-Roundup-issue-keyword",
      "X-Roundup-issue-status",
      "X-Roundup-issue-Id",
      "In-Reply-To",
    ]);
    assert.equal(mail.headers["X-Roundup-issue-keyword"], "web");
    assert.equal(mail.headers["X-Roundup-issue-status"], "chatting");
    assert.equal(
      mail.text,
      "\nbob <bob@example.com> added the comment:\n\nWhich browser?\n\n" +
        "----------\nkeyword: +web\nnosy: +admin\nstatus: unread -> chatting\n" +
        "title: Login fails -> Login fails in Firefox\n" + SIGNATURE,
    );
    assert.deepEqual(await db.cls("msg").get("2", "recipients"), ["3"]);
  });
});

Deno.test("nosyMailSender() honours [nosy] messages_to_author", async () => {
  // [setting, who gets the new issue's msg, who gets bob's follow-up]
  const rows: Array<[string, string, string]> = [
    ["no", "bob", "alice"],
    ["yes", "alice bob", "alice bob"],
    ["new", "alice bob", "alice"],
    ["nosy", "alice bob", "alice bob"],
  ];
  const to = (who: string) => [who.split(" ").map((n) => `${n}@example.com`)];
  for (const [setting, first, second] of rows) {
    await withNosy(
      { "nosy.messages_to_author": setting },
      async ({ db, sent }) => {
        await openIssue(db);
        assert.deepEqual(sent.map((m) => m.to), to(first), setting);
        await followUp(db, {});
        assert.deepEqual(sent.slice(1).map((m) => m.to), to(second), setting);
      },
    );
  }
});

Deno.test("nosyMailSender() sends one mail per recipient with email_sending = multiple", async () => {
  await withNosy({ "nosy.email_sending": "multiple" }, async ({ db, sent }) => {
    await db.cls("user").create({ username: "carol", address: "c@x.example" });
    await db.cls("issue").create({ title: "t", nosy: ["3", "4", "5"] });
    const msg = await db.cls("msg").create({ content: "hi", author: "1" });
    await db.cls("issue").set("1", { messages: [msg] });
    assert.deepEqual(sent.map((m) => m.to), [
      ["alice@example.com"],
      ["bob@example.com"],
      ["c@x.example"],
    ]);
    const recipients = await db.cls("msg").get(msg, "recipients");
    assert.deepEqual(recipients, ["3", "4", "5"]);
  });
});

Deno.test("nosyMailSender() skips anonymous, users without an address and earlier recipients", async () => {
  await withNosy({}, async ({ db, sent }) => {
    await db.cls("user").create({ username: "noaddr" });
    const msg = await db.cls("msg").create({ author: "2", recipients: ["4"] });
    const nosy = ["1", "2", "3", "4", "5"];
    await db.cls("issue").create({ title: "t", messages: [msg], nosy });
    assert.deepEqual(sent.map((m) => m.to), [["alice@example.com"]]);
    assert.deepEqual(await db.cls("msg").get(msg, "recipients"), ["3", "4"]);
  });
});

Deno.test("nosyMailSender() mails only users who may view the msg when given Security", async () => {
  const security = new Security(classicSchema);
  await withNosy({}, async ({ db, sent }) => {
    await db.cls("user").set("4", { roles: "User" });
    await db.cls("issue").create({ title: "t", nosy: ["3", "4"] });
    const msg = await db.cls("msg").create({ content: "hi", author: "1" });
    await db.cls("issue").set("1", { messages: [msg] });
    assert.deepEqual(sent.map((m) => m.to), [["bob@example.com"]]);
  }, { security });
});

Deno.test("nosyMailSender() attaches files up to max_attachment_size and links larger ones", async () => {
  await withNosy(
    { "nosy.max_attachment_size": "10" },
    async ({ db, sent }) => {
      const small = await db.cls("file").create({
        name: "a.txt",
        type: "text/plain",
        content: "short",
      });
      const big = await db.cls("file").create({
        name: "big.bin",
        content: new Uint8Array(11),
      });
      await openIssue(db, { files: [small, big] });
      const mail = sent[0]!;
      assert.deepEqual(mail.attachments, [
        {
          filename: "a.txt",
          contentType: "text/plain; charset=us-ascii",
          content: "short",
        },
      ]);
      assert.match(
        mail.text,
        /password\.\nFile 'big\.bin' not attached - you can download it from http:\/\/tracker\.example\/file2\.\n\n----------/,
      );
    },
  );
});

Deno.test("nosyMailSender() follows the [mail], [main] and [tracker] layout options", async () => {
  await withNosy({
    "nosy.signature_position": "top",
    "mail.add_authoremail": "no",
    "main.email_from_tag": "(via tracker)",
    "tracker.replyto_address": "AUTHOR",
  }, async ({ db, sent }) => {
    await openIssue(db);
    const mail = sent[0]!;
    assert.equal(
      mail.from,
      '"Alice Liddell (via tracker)" <issue_tracker@tracker.example>',
    );
    assert.equal(mail.headers["Reply-To"], "Alice Liddell <alice@example.com>");
    assert.ok(
      mail.text.startsWith(
        `\n${SIGNATURE}\nNew submission from Alice Liddell:\n\nThe login`,
      ),
      mail.text,
    );
  });
  await withNosy({
    "nosy.signature_position": "none",
    "mail.add_authorinfo": "no",
  }, async ({ db, sent }) => {
    await openIssue(db);
    assert.ok(sent[0]!.text.startsWith("\nThe login page"), sent[0]!.text);
    assert.ok(sent[0]!.text.endsWith("title: Login fails"), sent[0]!.text);
  });
});

Deno.test("nosyMailSender() keeps the change and records no recipient when sending fails", async () => {
  await withNosy({}, async ({ db, logged }) => {
    await openIssue(db);
    assert.equal(await db.cls("issue").get("1", "title"), "Login fails");
    assert.deepEqual(await db.cls("msg").get("1", "recipients"), []);
    assert.deepEqual(logged, ["mailhost is down"]);
  }, { fail: true });
});

Deno.test("senderHeader() quotes names with specials as Roundup's nice_sender_header", () => {
  assert.equal(senderHeader("", "a@b.example"), "a@b.example");
  assert.equal(senderHeader("Ann Lee", "a@b.example"), "Ann Lee <a@b.example>");
  assert.equal(
    senderHeader('Lee, "Ann"', "a@b.example"),
    '"Lee, \\"Ann\\"" <a@b.example>',
  );
});

Deno.test("emailSignature() frames the tracker address and the item URL", () => {
  const config = parseConfigIni("");
  config.set("tracker", "web", "https://t.example/x/");
  config.set("tracker", "name", "Ünïcode Tracker");
  config.set("tracker", "email", "t@t.example");
  assert.equal(
    emailSignature(config, "issue7"),
    "\n" + "_".repeat(50) +
      "\n=?utf-8?b?w5xuw69jb2RlIFRyYWNrZXI=?= <t@t.example>\n" +
      "<https://t.example/x/issue7>\n" + "_".repeat(50),
  );
});
