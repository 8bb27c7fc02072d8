/**
 * One incoming mail, end to end: handle it, and when it fails bounce the reason to its sender
 * (once per distinct mail, so a message kept on the server is not answered on every run).
 */
import { join } from "node:path";
import type { Tracker } from "../tracker/home.ts";
import type { Mailer } from "../tracker/mailer.ts";
import { handleMail, type HandleOptions, MailError } from "./handler.ts";
import { bounceFor } from "./bounce.ts";

export interface Outcome {
  ok: boolean;
  /** One line for the log: what happened to the mail. */
  line: string;
}

async function digest(raw: Uint8Array): Promise<string> {
  const hash = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new Uint8Array(raw)),
  );
  return [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Handles `raw`; on failure bounces it (first time only) and reports it as kept. */
export async function deliverMail(
  t: Tracker,
  mailer: Mailer,
  raw: Uint8Array,
  opts: HandleOptions & { label: string },
): Promise<Outcome> {
  try {
    const r = await handleMail(t, raw, opts);
    const what = r.status === "dropped"
      ? `dropped (${r.reason ?? "automatic mail"})`
      : `${r.status} ${r.designator}`;
    return { ok: true, line: `${opts.label}: ${what}` };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (!(e instanceof MailError)) {
      return { ok: false, line: `${opts.label}: kept, not handled: ${reason}` };
    }
    const key = `bounced:${await digest(raw)}`;
    if (e.bounce && !(await t.db.getMeta(key))) {
      await mailer.send(bounceFor(e, raw, t));
      await t.db.setMeta(key, Date.now());
      return { ok: false, line: `${opts.label}: kept and bounced: ${reason}` };
    }
    return {
      ok: false,
      line: `${opts.label}: kept (${
        e.bounce ? "already bounced" : "no one to tell"
      }): ${reason}`,
    };
  }
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
