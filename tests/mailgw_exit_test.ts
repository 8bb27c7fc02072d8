/**
 * `roundup mailgw` exit statuses as a mail transfer agent sees them (compared with roundup-mailgw 2.6): a mail
 * handled or bounced to its sender exits 0, only mail a retry may still handle exits 1, command-line mistakes
 * exit 1 with one "Error:" line. A mail that comes again (same Message-Id) is filed once, on stdin and IMAP.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { requireOrSkip, startDovecot } from "./_dovecot.ts";
import { filed, MAIN, makeTracker as intakeTracker } from "./_mail_intake.ts";

async function mailgw(
  args: string[],
  opts: { stdin?: string; env?: Record<string, string> } = {},
) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "mailgw", ...args],
    env: { NO_COLOR: "1", ...opts.env },
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const r = await child.output();
  return { code: r.code, err: new TextDecoder().decode(r.stderr) };
}

/** A port nothing listens on. */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A tracker whose SMTP server cannot be reached; SENDMAILDEBUG makes mail go to a file instead. */
function makeTracker(dir: string): Promise<string> {
  return intakeTracker(dir, {
    mail_port: String(closedPort()),
    mail_debug: undefined,
  });
}

async function msgIds(home: string): Promise<string[]> {
  return (await filed(home)).ids;
}

async function failedFiles(home: string): Promise<number> {
  let n = 0;
  try {
    for await (const _ of Deno.readDir(join(home, "mail-failed"))) n++;
  } catch {
    // no mail kept yet
  }
  return n;
}

const mail = (from: string, id: string, subject = "[issue] Printer jams") =>
  `From: ${from}\nTo: issues@example.com\nSubject: ${subject}\nMessage-Id: <${id}@example.com>\n\nIt jams.\n`;

Deno.test("mailgw stdin: handled, repeated and bounced mail exit 0; a bounce that cannot be sent exits 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = await makeTracker(dir);
    const debug = { SENDMAILDEBUG: join(dir, "mail.log") };
    const good = mail("Alice <alice@example.com>", "good");
    const r1 = await mailgw([home], { stdin: good, env: debug });
    assert.equal(r1.code, 0, r1.err);
    // the MTA delivers the same mail again (e.g. the first run was killed after its commit)
    const r2 = await mailgw([home], { stdin: good, env: debug });
    assert.equal(r2.code, 0, r2.err);
    assert.deepEqual(await msgIds(home), ["<good@example.com>"]);

    // Roundup answers an unknown sender and exits 0: the MTA must not bounce or retry it too
    const stranger = mail("Zed <zed@example.com>", "zed");
    const r3 = await mailgw([home], { stdin: stranger, env: debug });
    assert.equal(r3.code, 0, r3.err);
    assert.match(r3.err, /kept and bounced: The address zed@example\.com/);
    assert.match(
      await Deno.readTextFile(debug.SENDMAILDEBUG),
      /TO: zed@example\.com/,
    );
    assert.equal(await failedFiles(home), 1, "kept under mail-failed/");

    // nobody could be told (the SMTP server is down): the MTA should keep it and try again
    const other = mail("Yves <yves@example.com>", "yves");
    const r4 = await mailgw([home], { stdin: other });
    assert.equal(r4.code, 1, r4.err);
    assert.match(r4.err, /kept, not bounced \(Cannot send mail to yves@/);
    assert.equal(await failedFiles(home), 2);
    assert.deepEqual(await msgIds(home), ["<good@example.com>"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mailgw: command-line mistakes exit 1 with the usage and one Error line, as roundup-mailgw", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = await makeTracker(dir);
    const cases: [string[], RegExp][] = [
      [[], /^Error: The instance home must be specified/],
      [
        [home, "mailbox"],
        /^Error: not enough source specification information$/,
      ],
      [[home, "frob", "x"], /^Error: The source must be either "mailbox"/],
      [[home, "pop", "u@h:99999"], /^Error: pop specification not valid/],
      [["--bogus", home], /^Error: Unknown option --bogus/],
      [["-c"], /^Error: Option -c needs a value$/],
    ];
    for (const [args, want] of cases) {
      const r = await mailgw(args, { env: { ROUNDUP_INSTANCE: "" } });
      assert.equal(r.code, 1, `${args.join(" ")}: ${r.err}`);
      const lines = r.err.trimEnd().split("\n");
      assert.match(lines.at(-1)!, want, args.join(" "));
      assert.equal(lines.filter((l) => l.startsWith("Error:")).length, 1);
      assert.ok(lines.includes("USAGE:"), "the usage comes first");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mailgw imap: a mail in the mailbox twice is filed once, and mail a killed run flagged \\Deleted is expunged", async () => {
  if (!(await requireOrSkip("mailgw imap repeated mail"))) return;
  const dir = await Deno.makeTempDir();
  const dovecot = await startDovecot();
  try {
    const home = await makeTracker(dir);
    const certFile = join(dir, "cert.pem");
    await Deno.writeTextFile(certFile, dovecot.cert);
    const twice = mail("Alice <alice@example.com>", "twice");
    await dovecot.deliver("tracker", twice);
    await dovecot.deliver("tracker", mail("Alice <alice@example.com>", "b"));
    await dovecot.deliver("tracker", twice);
    // a mail a killed run had filed and flagged \Deleted, but not expunged
    await dovecot.deliver("tracker", mail("Alice <alice@example.com>", "k"));
    const flag = await new Deno.Command("/usr/bin/doveadm", {
      args: ["-c", join(dovecot.dir, "dovecot.conf"), "flags", "add", "-u"]
        .concat(["tracker", "\\Deleted", "mailbox", "INBOX", "HEADER"])
        .concat(["Message-Id", "<k@example.com>"]),
    }).output();
    assert.ok(flag.success, new TextDecoder().decode(flag.stderr));
    const spec = `tracker:${dovecot.password}@127.0.0.1:${dovecot.ports.imap}`;
    const r = await mailgw([home, "imap", spec], {
      env: { DENO_CERT: certFile, SENDMAILDEBUG: join(dir, "mail.log") },
    });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(await msgIds(home), [
      "<twice@example.com>",
      "<b@example.com>",
    ]);
    let left = 0;
    const maildir = join(dovecot.dir, "home", "tracker", "Maildir");
    for (const sub of ["new", "cur"]) {
      for await (const _ of Deno.readDir(join(maildir, sub))) left++;
    }
    assert.equal(left, 0, "all four were expunged");
  } finally {
    await dovecot.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
