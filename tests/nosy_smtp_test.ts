import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { simpleParser } from "mailparser";
import type { Db } from "../store/mod.ts";
import { parseConfigIni, type TrackerConfig } from "../tracker/config.ts";
import { createMailer, type MailerOptions } from "../tracker/mailer.ts";
import { nosyMailSender } from "../tracker/nosy_mail.ts";
import { classicDb } from "./_helpers.ts";
import {
  selfSignedCert,
  type SmtpSinkOptions,
  startSmtpSink,
} from "./_smtp.ts";

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);

function trackerConfig(mail: Record<string, string>): TrackerConfig {
  const config = parseConfigIni(
    "[tracker]\nweb = http://tracker.example/\n[mail]\ndomain = tracker.example\nhost = 127.0.0.1\n",
  );
  for (const [name, value] of Object.entries(mail)) {
    config.set("mail", name, value);
  }
  return config;
}

/** alice (3) opens issue1 with bob (4) on the nosy list; returns the db for more checks. */
async function openIssue(
  config: TrackerConfig,
  opts: MailerOptions & { env?: Record<string, string> },
): Promise<Db> {
  const mailer = createMailer(config, opts.env ?? {}, {
    now: () => NOW,
    ...opts,
  });
  const db = await classicDb({
    sendNosy: nosyMailSender(config, mailer, opts),
  });
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

async function withSink(
  sinkOpts: SmtpSinkOptions,
  fn: (sink: Awaited<ReturnType<typeof startSmtpSink>>) => Promise<void>,
): Promise<void> {
  const sink = await startSmtpSink(sinkOpts);
  try {
    await fn(sink);
  } finally {
    await sink.close();
  }
}

async function assertNosyMailArrived(
  sink: Awaited<ReturnType<typeof startSmtpSink>>,
  db: Db,
): Promise<void> {
  assert.equal(sink.messages.length, 1);
  const got = sink.messages[0]!;
  assert.equal(got.from, "roundup-admin@tracker.example");
  assert.deepEqual(got.to, ["bob@example.com"]);
  const mail = await simpleParser(Buffer.from(got.raw));
  assert.equal(mail.subject, "[issue1] Login fails");
  assert.match(got.raw, /\r\nFrom: alice <issue_tracker@tracker\.example>\r\n/);
  assert.match(
    got.raw,
    /\r\nReply-To: Roundup issue tracker <issue_tracker@tracker\.example>\r\n/,
  );
  assert.equal(mail.messageId, "<m1@example.com>");
  assert.equal(mail.headers.get("precedence"), "bulk");
  assert.equal(mail.headers.get("x-roundup-loop"), "hello");
  assert.equal(mail.headers.get("x-roundup-issue-status"), "unread");
  assert.equal(mail.headers.get("x-roundup-issue-id"), "1");
  assert.equal(
    mail.text?.split("\n").slice(0, 4).join("\n"),
    "\nNew submission from alice <alice@example.com>:\n\nThe login page rejects my password.",
  );
  assert.match(mail.text ?? "", /\n<http:\/\/tracker\.example\/issue1>\n/);
  assert.deepEqual(await db.cls("msg").get("1", "recipients"), ["4"]);
}

Deno.test("nosy mail reaches a plain SMTP server (smtp-server) with Roundup's headers", async () => {
  await withSink({}, async (sink) => {
    const config = trackerConfig({ port: String(sink.port) });
    const db = await openIssue(config, {});
    try {
      await assertNosyMailArrived(sink, db);
      assert.equal(sink.messages[0]!.secure, false);
    } finally {
      db.close();
    }
  });
});

Deno.test("nosy mail goes over STARTTLS with a login when [mail] tls and username are set", async () => {
  const { key, cert } = await selfSignedCert();
  const auth = { user: "roundup", pass: "s3cret" };
  await withSink({ key, cert, auth }, async (sink) => {
    const config = trackerConfig({
      port: String(sink.port),
      tls: "yes",
      username: auth.user,
      password: auth.pass,
    });
    const db = await openIssue(config, { ca: [cert] });
    try {
      await assertNosyMailArrived(sink, db);
      assert.equal(sink.messages[0]!.secure, true);
      assert.equal(sink.messages[0]!.user, "roundup");
    } finally {
      db.close();
    }
  });
});

Deno.test("nosy mail goes over implicit TLS (SMTPS)", async () => {
  const { key, cert } = await selfSignedCert();
  await withSink({ key, cert, secure: true }, async (sink) => {
    const config = trackerConfig({ port: String(sink.port), tls: "yes" });
    const db = await openIssue(config, { ca: [cert], smtps: true });
    try {
      await assertNosyMailArrived(sink, db);
      assert.equal(sink.messages[0]!.secure, true);
    } finally {
      db.close();
    }
  });
});

Deno.test("a refused nosy mail is logged, keeps the change and records no recipient", async () => {
  const { key, cert } = await selfSignedCert();
  const auth = { user: "roundup", pass: "s3cret" };
  for (
    const [what, sinkOpts, mail] of [
      ["wrong password", { key, cert, auth }, {
        tls: "yes",
        username: "roundup",
        password: "wrong",
      }],
      ["rejected message", { reject: "Mailbox unavailable" }, {}],
    ] as const
  ) {
    await withSink(sinkOpts, async (sink) => {
      const logged: string[] = [];
      const config = trackerConfig({ port: String(sink.port), ...mail });
      const db = await openIssue(config, {
        ca: [cert],
        log: (l) => void logged.push(l),
      });
      try {
        assert.equal(sink.messages.length, 0, what);
        assert.equal(await db.cls("issue").get("1", "title"), "Login fails");
        assert.deepEqual(await db.cls("msg").get("1", "recipients"), [], what);
        assert.equal(logged.length, 1, what);
        assert.match(
          logged[0]!,
          /^Cannot send mail to bob@example\.com through mailhost "127\.0\.0\.1": /,
        );
      } finally {
        db.close();
      }
    });
  }
});

Deno.test("createMailer() writes mail to [mail] debug in Roundup's layout, and SENDMAILDEBUG wins", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const configFile = `${dir}/config-debug`;
    const envFile = `${dir}/env-debug`;
    const config = trackerConfig({ debug: configFile, port: "1" });
    const mail = {
      from: "Roundup issue tracker <roundup-admin@tracker.example>",
      to: ["bob@example.com", "carol@example.com"],
      subject: "Failed issue tracker submission",
      headers: {},
      text: "You are not a registered user.",
    };
    await createMailer(config, {}, { now: () => NOW }).send(mail);
    await createMailer(config, { SENDMAILDEBUG: envFile }, { now: () => NOW })
      .send(mail);
    for (const file of [configFile, envFile]) {
      const text = await Deno.readTextFile(file);
      assert.ok(
        text.startsWith(
          "From roundup-admin@tracker.example Mon Jan 05 10:00:00 2026\n" +
            "FROM: roundup-admin@tracker.example\n" +
            "TO: bob@example.com, carol@example.com\n",
        ),
        text,
      );
      assert.ok(text.endsWith("\n\nYou are not a registered user.\n\n"), text);
      const headers = text.split("\n\n")[0]!;
      for (
        const h of [
          "From: Roundup issue tracker <roundup-admin@tracker.example>",
          "To: bob@example.com, carol@example.com",
          "Subject: Failed issue tracker submission",
          "Date: Mon, 05 Jan 2026 10:00:00 +0000",
          "Precedence: bulk",
          "X-Roundup-Name: Roundup issue tracker",
          "X-Roundup-Loop: hello",
        ]
      ) assert.ok(headers.includes(`\n${h}\n`), `${file}: ${h}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createMailer() send() logs a failure instead of throwing", async () => {
  const logged: string[] = [];
  const config = trackerConfig({ debug: "/nonexistent/dir/maildebug" });
  const mailer = createMailer(config, {}, { log: (l) => void logged.push(l) });
  await mailer.send({
    from: "x@tracker.example",
    to: ["bob@example.com"],
    subject: "s",
    headers: {},
    text: "t",
  });
  assert.equal(logged.length, 1);
  assert.match(
    logged[0]!,
    /through debug file "\/nonexistent\/dir\/maildebug"/,
  );
});
