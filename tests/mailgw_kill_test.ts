/**
 * No mail lost, none doubled: `roundup mailgw` is killed with SIGKILL at random points while it files an mbox
 * (2,000 mails) and a POP mailbox (Dovecot, 1,000 mails), then run again until it finishes. Every mail must end up
 * as exactly one msg, the source must be empty, and the lock a killed run left behind must not stop the next.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { requireOrSkip, startDovecot } from "./_dovecot.ts";
import {
  filed,
  filesIn,
  fillMaildir,
  mail,
  MAIN,
  makeTracker,
} from "./_mail_intake.ts";

const MBOX_MAILS = 2000;
const POP_MAILS = 1000;
const KILLS = 4;

/** A small seeded generator (mulberry32), so a failing run can be told apart by its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * When the tracker's database last took a commit: opening it creates an empty data.kv-wal, so only a
 * WAL with frames in it (or a checkpointed data.kv) counts.
 */
async function lastWrite(home: string): Promise<number> {
  let latest = 0;
  for (const f of ["data.kv", "data.kv-wal"]) {
    const info = await Deno.stat(join(home, "db", f)).catch(() => null);
    if (info && (f === "data.kv" || info.size > 0)) {
      latest = Math.max(latest, info.mtime?.getTime() ?? 0);
    }
  }
  return latest;
}

/**
 * Runs `roundup mailgw ARGS`; with `killAfter`, waits until the run has written to the database, then a further
 * `killAfter` ms, and kills it with SIGKILL. Returns whether it was killed, its status and its standard error.
 */
async function mailgw(
  home: string,
  args: string[],
  opts: { env?: Record<string, string>; killAfter?: number } = {},
) {
  const before = await lastWrite(home);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "mailgw", home, ...args],
    env: { NO_COLOR: "1", ...opts.env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const output = child.output();
  let done = false;
  output.finally(() => (done = true));
  let killed = false;
  if (opts.killAfter !== undefined) {
    const deadline = Date.now() + 60_000;
    while (!done && (await lastWrite(home)) <= before) {
      assert.ok(Date.now() < deadline, "mailgw wrote nothing for 60 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, opts.killAfter));
    if (!done) {
      child.kill("SIGKILL");
      killed = true;
    }
  }
  const out = await output;
  return {
    killed,
    code: out.code,
    err: new TextDecoder().decode(out.stderr),
  };
}

/** Kills `KILLS` runs at random points, then runs to the end; checks that every mail became one msg. */
async function killAndRerun(
  home: string,
  n: number,
  run: (killAfter?: number) => ReturnType<typeof mailgw>,
  afterKill: () => Promise<void> = () => Promise.resolve(),
) {
  const seed = Date.now();
  const rnd = random(seed);
  const counts: number[] = [];
  let kills = 0;
  for (let k = 0; k < KILLS; k++) {
    // within 300 ms of a commit: soon enough that even a fast run is killed several times
    const r = await run(Math.floor(rnd() * 300));
    if (!r.killed) {
      assert.equal(r.code, 0, `seed ${seed}: ${r.err}`);
      break;
    }
    kills++;
    await afterKill();
    counts.push((await filed(home)).ids.length);
  }
  const last = await run();
  assert.equal(last.code, 0, `seed ${seed}: ${last.err}`);
  const { ids, issues } = await filed(home);
  const want = Array.from(
    { length: n },
    (_, i) => `<kill-${i + 1}@example.com>`,
  );
  assert.equal(ids.length, n, `seed ${seed}: msgs after kills at ${counts}`);
  assert.deepEqual(new Set(ids), new Set(want), `seed ${seed}`);
  assert.equal(issues, n, `seed ${seed}`);
  assert.ok(kills >= 2, `seed ${seed}: only ${kills} runs were killed`);
  assert.ok(
    counts.some((c) => c > 0 && c < n),
    `seed ${seed}: no kill came in the middle of the intake (${counts})`,
  );
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), `seed ${seed}`);
}

Deno.test("mailgw mailbox: killed with SIGKILL at random points and rerun, files every mail exactly once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = await makeTracker(dir);
    const mbox = join(dir, "mbox");
    const from = "From alice@example.com Sat Nov 21 10:00:00 2026\n";
    await Deno.writeTextFile(
      mbox,
      Array.from({ length: MBOX_MAILS }, (_, i) => from + mail(i + 1)).join(
        "\n",
      ),
    );
    let locksLeft = 0;
    await killAndRerun(
      home,
      MBOX_MAILS,
      (killAfter) => mailgw(home, ["mailbox", mbox], { killAfter }),
      async () => {
        // the killed run could not remove its lock; the next run must take it over
        if (await Deno.stat(`${mbox}.lock`).catch(() => null)) locksLeft++;
      },
    );
    assert.ok(locksLeft > 0, "no killed run left its lock file behind");
    assert.equal(await Deno.readTextFile(mbox), "", "the mbox is empty");
    await assert.rejects(Deno.stat(`${mbox}.lock`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mailgw pop: killed with SIGKILL at random points and rerun, files every mail exactly once", async () => {
  if (!(await requireOrSkip("mailgw pop kill and rerun"))) return;
  const dir = await Deno.makeTempDir();
  const dovecot = await startDovecot();
  try {
    const home = await makeTracker(dir);
    const certFile = join(dir, "cert.pem");
    await Deno.writeTextFile(certFile, dovecot.cert);
    const maildir = await fillMaildir(dovecot.dir, "tracker", POP_MAILS);
    const spec = `tracker:${dovecot.password}@127.0.0.1:${dovecot.ports.pop3}`;
    await killAndRerun(
      home,
      POP_MAILS,
      (killAfter) =>
        mailgw(home, ["pop", spec], {
          env: { DENO_CERT: certFile },
          killAfter,
        }),
    );
    assert.equal(
      (await filesIn(join(maildir, "new"))) +
        (await filesIn(join(maildir, "cur"))),
      0,
      "the POP mailbox is empty",
    );
  } finally {
    await dovecot.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
