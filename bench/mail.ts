/** The mail-gateway part of the bench: a generated mbox of replies and new issues through mailgw. */
import { join } from "node:path";
import type { Tracker } from "../tracker/home.ts";
import { createMailer } from "../tracker/mailer.ts";
import { runSourceBatched } from "../mailgw/sources.ts";
import { deliverBatch } from "../mailgw/deliver.ts";

/** Writes an mbox of `n` mails: four in five reply to existing issues, the rest open new ones. */
export async function writeMbox(
  path: string,
  n: number,
  issues: number,
): Promise<void> {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const user = `user${i % 50}`;
    const subject = i % 5 === 4
      ? `[issue] Mailed problem ${i}`
      : `Re: [issue${1 + (i * 7919) % issues}] follow-up`;
    parts.push(
      `From ${user}@example.com Sat Nov 21 10:00:00 2026\nFrom: ${user} <${user}@example.com>\n` +
        `To: issues@localhost\nSubject: ${subject}\nMessage-Id: <bench-${i}@example.com>\n\n` +
        `Mail number ${i} says the printer still jams when the queue holds more than ten jobs.\n\n`,
    );
  }
  await Deno.writeTextFile(path, parts.join(""));
}

/** Handles the mbox through the mail gateway; returns messages per second and failures. */
export async function benchMailbox(
  t: Tracker,
  dir: string,
  n: number,
  issues: number,
) {
  const path = join(dir, "bench.mbox");
  await writeMbox(path, n, issues);
  const mailer = createMailer(t.config, {}, { home: t.home });
  const t0 = performance.now();
  const r = await runSourceBatched(
    { kind: "mailbox", path },
    async (mails) =>
      (await deliverBatch(t, mailer, mails, {})).map((o) => o.ok),
    { batchSize: 10 },
  );
  const ms = performance.now() - t0;
  return { perSecond: n / ms * 1000, failed: r.failed, handled: r.handled };
}
