/**
 * One incoming mail, end to end: handle it, and when it fails bounce the reason to its sender
 * (once per distinct mail, so a message kept on the server is not answered on every run).
 */
import { join } from "node:path";
import type { Tracker } from "../tracker/home.ts";
import type { Mailer } from "../tracker/mailer.ts";
import {
  applyOnce,
  handleMail,
  type HandleOptions,
  type HandleResult,
  MailError,
  type PreparedMail,
  prepareMail,
} from "./handler.ts";
import { bounceFor } from "./bounce.ts";

export interface Outcome {
  /** Handled and committed: the source may let go of the mail. */
  ok: boolean;
  /**
   * Done with for now: handled, or refused and its sender told (or nobody to tell). False when a
   * retry might handle it (an unexpected error, a bounce that could not be sent).
   */
  settled: boolean;
  /** One line for the log: what happened to the mail. */
  line: string;
}

async function digest(raw: Uint8Array): Promise<string> {
  const hash = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new Uint8Array(raw)),
  );
  return [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function handled(label: string, r: HandleResult): Outcome {
  const what = r.status === "dropped"
    ? `dropped (${r.reason ?? "automatic mail"})`
    : `${r.status} ${r.designator}`;
  return { ok: true, settled: true, line: `${label}: ${what}` };
}

/** The outcome of a mail that failed: bounced (the first time only) and kept. */
async function failed(
  t: Tracker,
  mailer: Mailer,
  raw: Uint8Array,
  label: string,
  e: unknown,
): Promise<Outcome> {
  const reason = e instanceof Error ? e.message : String(e);
  if (!(e instanceof MailError)) {
    return {
      ok: false,
      settled: false,
      line: `${label}: kept, not handled: ${reason}`,
    };
  }
  const key = `bounced:${await digest(raw)}`;
  if (e.bounce && !(await t.db.getMeta(key))) {
    try {
      await mailer.deliver(bounceFor(e, raw, t));
    } catch (err) {
      // Nobody was told: the next run tries the mail, and its bounce, again.
      return {
        ok: false,
        settled: false,
        line: `${label}: kept, not bounced (${
          (err as Error).message
        }): ${reason}`,
      };
    }
    await t.db.setMeta(key, Date.now());
    return {
      ok: false,
      settled: true,
      line: `${label}: kept and bounced: ${reason}`,
    };
  }
  return {
    ok: false,
    settled: true,
    line: `${label}: kept (${
      e.bounce ? "already bounced" : "no one to tell"
    }): ${reason}`,
  };
}

/** Handles `raw`; on failure bounces it (first time only) and reports it as kept. */
export async function deliverMail(
  t: Tracker,
  mailer: Mailer,
  raw: Uint8Array,
  opts: HandleOptions & { label: string },
): Promise<Outcome> {
  try {
    return handled(opts.label, await handleMail(t, raw, opts));
  } catch (e) {
    return await failed(t, mailer, raw, opts.label, e);
  }
}

/**
 * Handles several mails in ONE transaction (one commit instead of one per mail). A mail that
 * fails is taken out and bounced, and the rest are tried again without it; when the batch as a
 * whole cannot be committed, each mail is handled on its own.
 */
export async function deliverBatch(
  t: Tracker,
  mailer: Mailer,
  mails: Array<{ raw: Uint8Array; label: string }>,
  opts: HandleOptions,
): Promise<Outcome[]> {
  const out: Outcome[] = new Array(mails.length);
  let pending: Array<{ i: number; p: PreparedMail }> = [];
  for (const [i, m] of mails.entries()) {
    try {
      const p = await prepareMail(t, m.raw, opts);
      if ("status" in p) out[i] = handled(m.label, p);
      else pending.push({ i, p });
    } catch (e) {
      out[i] = await failed(t, mailer, m.raw, m.label, e);
    }
  }
  while (pending.length > 0) {
    let culprit = -1;
    try {
      const results = await t.db.transact(async (tx) => {
        const rs: HandleResult[] = [];
        for (const [k, { p }] of pending.entries()) {
          culprit = k;
          rs.push(await applyOnce(tx, t, p));
        }
        culprit = -1;
        return rs;
      });
      results.forEach((
        r,
        k,
      ) => (out[pending[k]!.i] = handled(mails[pending[k]!.i]!.label, r)));
      break;
    } catch (e) {
      const one = pending.length === 1
        ? pending[0]!
        : culprit >= 0 && e instanceof MailError
        ? pending[culprit]!
        : null;
      if (one) {
        const m = mails[one.i]!;
        // Alone, the mail gets handleMail's reading of the error (a bounce for bad values).
        out[one.i] = e instanceof MailError
          ? await failed(t, mailer, m.raw, m.label, e)
          : await deliverMail(t, mailer, m.raw, { ...opts, label: m.label });
        pending = pending.filter((x) => x !== one);
        continue;
      }
      for (const { i } of pending) {
        out[i] = await deliverMail(t, mailer, mails[i]!.raw, {
          ...opts,
          label: mails[i]!.label,
        });
      }
      break;
    }
  }
  return out;
}

/** Saves a mail that came on standard input and failed, so the admin can look at it. */
export async function keepForAdmin(
  home: string,
  raw: Uint8Array,
  now: number,
): Promise<string> {
  const dir = join(home, "mail-failed");
  await Deno.mkdir(dir, { recursive: true });
  const path = join(
    dir,
    `${new Date(now).toISOString().replace(/[:.]/g, "-")}-${
      crypto.randomUUID().slice(0, 8)
    }.eml`,
  );
  await Deno.writeFile(path, raw);
  return path;
}
