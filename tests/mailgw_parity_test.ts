/**
 * Mail gateway behaviours checked side by side with Roundup 2.6 (roundup-oracle mailgw): the msg's
 * inreplyto, title matching, mail that comes again, and stale mbox locks.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createMailer } from "../tracker/mailer.ts";
import { handleMail } from "../mailgw/handler.ts";
import { deliverBatch } from "../mailgw/deliver.ts";
import { processMbox } from "../mailgw/mbox.ts";
import { processAlive } from "../mailgw/dotlock.ts";
import { eml, mailTracker, NOW } from "../mailgw/_testing.ts";

const now = () => NOW;

function mail(subject: string, id: string, extra = ""): Uint8Array {
  return eml(
    `From: Alice <alice@example.com>\nTo: issues@example.com\nSubject: ${subject}\n` +
      `Message-Id: <${id}@example.com>\n${extra}\nText of ${id}.\n`,
  );
}

Deno.test("handleMail() stores inreplyto as the empty string when In-Reply-To is absent, as Roundup", async () => {
  await using t = await mailTracker();
  await handleMail(t, mail("[issue] Printer jams", "p1"), { now });
  await handleMail(
    t,
    mail("[issue1] more", "p2", "In-Reply-To:  <p1@example.com>  (Alice)\n"),
    { now },
  );
  const msgs = t.db.cls("msg");
  // Roundup: `table msg` shows an empty cell and export writes '' for the first, the raw header for the second
  assert.equal(await msgs.get("1", "inreplyto"), "");
  assert.equal(await msgs.get("2", "inreplyto"), "<p1@example.com>  (Alice)");
});

Deno.test("handleMail() matches a title ignoring case and Re:/Fwd:, taking the newest such issue", async () => {
  await using t = await mailTracker();
  await handleMail(t, mail("[issue] Zed title", "z1"), { now });
  await handleMail(t, mail("[issue] ZED TITLE", "z2"), { now });
  await handleMail(t, mail("[issue] Other", "z3"), { now });
  // issue1 is the most recently active, but Roundup takes the last match in id order: issue2
  await handleMail(t, mail("[issue1] Zed title", "z4"), { now });
  const r = await handleMail(t, mail("Fwd: Re: zed Title", "z5"), { now });
  assert.deepEqual(r, { status: "updated", designator: "issue2", msgId: "5" });
  // as in Roundup, the matched issue takes the subject's spelling (subject_updates_title)
  assert.equal(await t.db.cls("issue").get("2", "title"), "zed Title");
  await t.db.cls("issue").retire("2");
  const r2 = await handleMail(t, mail("Re: ZED title", "z6"), { now });
  assert.equal(r2.designator, "issue1", "a retired issue is not matched");
  const r3 = await handleMail(t, mail("zed title", "z7"), { now });
  assert.deepEqual(
    [r3.status, r3.designator],
    ["created", "issue4"],
    "without Re: a new issue",
  );
});

Deno.test("handleMail() acknowledges a mail whose Message-Id is already filed without a second msg", async () => {
  await using t = await mailTracker();
  const raw = mail("[issue] Printer jams [priority=urgent]", "once");
  assert.equal((await handleMail(t, raw, { now })).status, "created");
  await t.db.cls("issue").set("1", { priority: "3" });
  const again = await handleMail(t, raw, { now });
  assert.deepEqual(again, {
    status: "dropped",
    reason: "already filed as msg1",
  });
  assert.deepEqual(await t.db.cls("msg").list(), ["1"]);
  assert.deepEqual(await t.db.cls("issue").list(), ["1"]);
  assert.equal(
    await t.db.cls("issue").get("1", "priority"),
    "3",
    "the subject's [priority=urgent] is not applied a second time",
  );
  // the same mail twice in one batch (one transaction) is also filed once
  const mailer = createMailer(t.config, {}, { home: t.home });
  const twice = mail("[issue] Scanner", "twice");
  const out = await deliverBatch(t, mailer, [
    { raw: twice, label: "a" },
    { raw: twice, label: "b" },
  ], {});
  assert.deepEqual(out.map((o) => [o.ok, o.line]), [
    [true, "a: created issue2"],
    [true, "b: dropped (already filed as msg2)"],
  ]);
  assert.deepEqual(await t.db.cls("msg").list(), ["1", "2"]);
  // a msg the admin retired (spam, say) was filed all the same
  await t.db.cls("msg").retire("2");
  assert.deepEqual(await handleMail(t, twice, { now }), {
    status: "dropped",
    reason: "already filed as msg2",
  });
});

const MBOX = "From a@b Sat Nov 21 10:00:00 2026\nSubject: one\n\nbody\n";

async function withMbox(fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "mbox");
    await Deno.writeTextFile(path, MBOX);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The pid of a process that has ended (and been reaped). */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("processMbox() takes over the lock file of a process that no longer runs", async () => {
  await withMbox(async (path) => {
    const pid = await deadPid();
    assert.equal(await processAlive(pid), false);
    await Deno.writeTextFile(`${path}.lock`, `${pid}\n`);
    const r = await processMbox(path, () => Promise.resolve(true), {
      lockWaitMs: 0,
    });
    assert.deepEqual(r, { handled: 1, failed: 0 });
    assert.equal(await Deno.readTextFile(path), "");
    await assert.rejects(Deno.stat(`${path}.lock`), Deno.errors.NotFound);
  });
});

Deno.test("processMbox() waits for a live holder's lock and takes over an old lock without a pid", async () => {
  await withMbox(async (path) => {
    const sleeper = new Deno.Command("sleep", { args: ["30"] }).spawn();
    try {
      assert.equal(await processAlive(sleeper.pid), true);
      await Deno.writeTextFile(`${path}.lock`, `${sleeper.pid}\n`);
      // even an old lock of a running process is respected
      const old = new Date(Date.now() - 3600_000);
      await Deno.utime(`${path}.lock`, old, old);
      await assert.rejects(
        processMbox(path, () => Promise.resolve(true), { lockWaitMs: 150 }),
        /is held by another program/,
      );
      assert.equal(await Deno.readTextFile(path), MBOX, "nothing was touched");
    } finally {
      sleeper.kill();
      await sleeper.status;
    }
    // a lock file with no pid in it (as Python's mailbox writes): stale after 5 minutes
    await Deno.writeTextFile(`${path}.lock`, "");
    await assert.rejects(
      processMbox(path, () => Promise.resolve(true), { lockWaitMs: 150 }),
      /is held by another program/,
    );
    const old = new Date(Date.now() - 6 * 60_000);
    await Deno.utime(`${path}.lock`, old, old);
    const r = await processMbox(path, () => Promise.resolve(true), {
      lockWaitMs: 0,
    });
    assert.deepEqual(r, { handled: 1, failed: 0 });
  });
});
