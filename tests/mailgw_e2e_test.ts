/** `roundup mailgw` as a real process against Dovecot (POP3 with STARTTLS) and an SMTP sink. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { requireOrSkip, startDovecot } from "./_dovecot.ts";
import { startSmtpSink } from "./_smtp.ts";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";
import { hashPassword } from "../store/password.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function roundup(args: string[], env: Record<string, string> = {}) {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: r.code,
    out: new TextDecoder().decode(r.stdout),
    err: new TextDecoder().decode(r.stderr),
  };
}

async function makeTracker(dir: string, smtpPort: number): Promise<string> {
  const home = join(dir, "tracker");
  await installTracker(home, {
    settings: {
      tracker_web: "http://localhost/t/",
      tracker_email: "issues@example.com",
      mail_domain: "example.com",
      mail_host: "127.0.0.1",
      mail_port: String(smtpPort),
      password_pbkdf2_default_rounds: "1000",
    },
  });
  const t = await openTracker(home, { sendMail: false });
  await initialiseTracker(t, "admin");
  for (const name of ["alice", "bob"]) {
    await t.db.cls("user").create({
      username: name,
      address: `${name}@example.com`,
      roles: "User",
      password: await hashPassword(name, { rounds: 1000 }),
    });
  }
  t.close();
  return home;
}

const GOOD = `From: Alice <alice@example.com>
To: issues@example.com
Subject: [issue] Printer jams [nosy=+bob]
Message-Id: <good-1@example.com>

The printer on floor 3 jams on every page.
`;
const BAD = `From: Alice <alice@example.com>
To: issues@example.com
Subject: [frobnitz] No such class
Message-Id: <bad-1@example.com>

This cannot be filed.
`;

Deno.test("mailgw pop: handles good mail, keeps and bounces bad mail once, sends nosy mail", async () => {
  if (!(await requireOrSkip("mailgw pop end to end"))) return;
  const dir = await Deno.makeTempDir();
  const dovecot = await startDovecot();
  const smtp = await startSmtpSink();
  try {
    const home = await makeTracker(dir, smtp.port);
    const certFile = join(dir, "cert.pem");
    await Deno.writeTextFile(certFile, dovecot.cert);
    await dovecot.deliver("tracker", GOOD);
    await dovecot.deliver("tracker", BAD);
    const spec = `tracker:${dovecot.password}@127.0.0.1:${dovecot.ports.pop3}`;
    const run1 = await roundup(["mailgw", home, "pop", spec], {
      DENO_CERT: certFile,
    });
    assert.equal(run1.code, 0, run1.err); // bounced mail has been dealt with
    assert.match(run1.err, /kept and bounced/);
    const list = await roundup(["admin", "-i", home, "list", "issue"]);
    assert.equal(list.out, "   1: Printer jams\n");
    const nosy = await roundup(["admin", "-i", home, "get", "nosy", "issue1"]);
    assert.equal(
      nosy.out.trim(),
      "['3', '4']",
      "author and +bob are on the nosy list",
    );
    const bounces = smtp.messages.filter((m) =>
      /Subject: Failed issue tracker submission/.test(m.raw)
    );
    assert.equal(bounces.length, 1);
    assert.deepEqual(bounces[0]!.to, ["alice@example.com"]);
    assert.match(
      bounces[0]!.raw,
      /bad-1@example\.com/,
      "the original is attached",
    );
    const nosyMail = smtp.messages.filter((m) =>
      /Subject: \[issue1\] Printer jams/.test(m.raw)
    );
    assert.equal(nosyMail.length, 1);
    assert.deepEqual(nosyMail[0]!.to, ["bob@example.com"]);
    const run2 = await roundup(["mailgw", home, "pop", spec], {
      DENO_CERT: certFile,
    });
    assert.equal(run2.code, 0);
    assert.match(run2.err, /already bounced/);
    assert.equal(
      smtp.messages.filter((m) => /Failed issue tracker/.test(m.raw)).length,
      1,
      "no second bounce",
    );
    assert.equal(
      (await roundup(["admin", "-i", home, "list", "issue"])).out,
      "   1: Printer jams\n",
    );
  } finally {
    await smtp.close();
    await dovecot.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mailgw mailbox: the mbox keeps only the mail that failed", async () => {
  const dir = await Deno.makeTempDir();
  const smtp = await startSmtpSink();
  try {
    const home = await makeTracker(dir, smtp.port);
    const mbox = join(dir, "mbox");
    const from = "From alice@example.com Sat Nov 21 10:00:00 2026\n";
    await Deno.writeTextFile(mbox, from + GOOD + "\n" + from + BAD + "\n");
    const r = await roundup(["mailgw", home, "mailbox", mbox]);
    assert.equal(r.code, 0, r.err);
    const left = await Deno.readTextFile(mbox);
    assert.match(left, /Subject: \[frobnitz\]/);
    assert.doesNotMatch(left, /Printer jams/);
    assert.equal(
      (await roundup(["admin", "-i", home, "list", "issue"])).out,
      "   1: Printer jams\n",
    );
  } finally {
    await smtp.close();
    await Deno.remove(dir, { recursive: true });
  }
});
