/**
 * Overlapping runs (a cron job that starts again before the last one ended) on one IMAP mailbox: without a lock
 * both fetched the same mails and filed some twice (300 mails gave 301–305 msgs). They now take turns.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { requireOrSkip, startDovecot } from "./_dovecot.ts";
import {
  filed,
  filesIn,
  fillMaildir,
  MAIN,
  makeTracker,
} from "./_mail_intake.ts";

const MAILS = 300;

Deno.test("mailgw imap: three overlapping runs on one mailbox file every mail exactly once", async () => {
  if (!(await requireOrSkip("mailgw imap overlapping runs"))) return;
  const dir = await Deno.makeTempDir();
  const dovecot = await startDovecot();
  try {
    const home = await makeTracker(dir);
    const certFile = join(dir, "cert.pem");
    await Deno.writeTextFile(certFile, dovecot.cert);
    const maildir = await fillMaildir(dovecot.dir, "tracker", MAILS);
    const spec = `tracker:${dovecot.password}@127.0.0.1:${dovecot.ports.imap}`;
    const run = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", MAIN, "mailgw", home, "imap", spec],
        env: { NO_COLOR: "1", DENO_CERT: certFile },
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).output();
    const runs = await Promise.all([run(), run(), run()]);
    for (const r of runs) {
      assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    }
    const { ids, issues } = await filed(home);
    assert.equal(ids.length, MAILS, "no mail filed twice");
    assert.equal(new Set(ids).size, MAILS);
    assert.equal(issues, MAILS);
    assert.equal(
      (await filesIn(join(maildir, "new"))) +
        (await filesIn(join(maildir, "cur"))),
      0,
      "the mailbox is empty",
    );
  } finally {
    await dovecot.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
