/**
 * CSRF defences as Roundup's `[web] csrf_*` options set them: a one-time `@csrf` token bound to
 * the session, and the Origin/Referer/Host headers checked against `[tracker] web`.
 */
import type { Ctx } from "./context.ts";
import { ensureSession } from "./session.ts";

/** What a failed check tells the user (Roundup's page says the session could not be validated). */
export const CSRF_FAILURE =
  "Cannot accept the form: its security token is missing, used or expired (csrf failure); reload the page, re-enter any unsaved data and try again";

function option(c: Ctx, name: string, fallback: string): string {
  try {
    return (c.get("tracker").config.get("web", name) || fallback).trim()
      .toLowerCase();
  } catch {
    return fallback;
  }
}

/** A fresh one-time token for a form, bound to the (possibly new) session. */
export async function issueCsrfToken(c: Ctx): Promise<string> {
  const sid = ensureSession(c);
  const minutes = Number(option(c, "csrf_token_lifetime", "20160")) || 20160;
  return await c.get("tokens").issue("csrf", sid, minutes * 60_000);
}

function webOrigin(c: Ctx): string | null {
  const web = c.get("tracker").config.get("tracker", "web");
  try {
    return new URL(web).origin;
  } catch {
    return null;
  }
}

function headerProblem(c: Ctx): string | null {
  const expected = webOrigin(c) ?? new URL(c.req.url).origin;
  const checks: Array<[string, (v: string) => boolean]> = [
    ["origin", (v) => v === expected],
    ["referer", (v) => {
      try {
        return new URL(v).origin === expected;
      } catch {
        return false;
      }
    }],
    ["host", (v) => v === new URL(expected).host],
  ];
  for (const [name, ok] of checks) {
    const mode = option(c, `csrf_enforce_header_${name}`, "yes");
    if (mode === "no") continue;
    const value = c.req.header(name);
    if (value === undefined) {
      if (mode === "required") return `the ${name} header is missing`;
      continue;
    }
    if (!ok(value) && mode !== "logfailure") {
      return `the ${name} header "${value}" does not match ${expected}`;
    }
  }
  return null;
}

/** Null when the POST may proceed, else the reason it is refused. Uses up the token. */
export async function csrfProblem(
  c: Ctx,
  token: string | undefined,
): Promise<string | null> {
  const bad = headerProblem(c);
  if (bad) return `${CSRF_FAILURE}: ${bad}`;
  const mode = option(c, "csrf_enforce_token", "yes");
  if (mode === "no") return null;
  if (!token) return mode === "required" ? CSRF_FAILURE : null;
  const sid = c.get("sid");
  const ok = sid ? await c.get("tokens").consume(token, "csrf", sid) : false;
  if (ok || mode === "logfailure") return null;
  return CSRF_FAILURE;
}
