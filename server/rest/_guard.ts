/**
 * Who may use the REST API and from where, as Roundup's client checks it: the session cookie or
 * Basic auth (with the failed-login limit), "Rest Access", the Origin against `[tracker] web` and
 * `[web] allowed_api_origins`, the csrf_enforce_header_* options, X-Requested-With, and the
 * per-user API rate limit.
 */
import { getCookie } from "hono/cookie";
import {
  keyValueBytes,
  MAX_KEY_VALUE_BYTES,
  RateLimiter,
} from "../../store/mod.ts";
import type { Tracker } from "../../tracker/home.ts";
import { type Actor, login } from "../actor.ts";
import { BasicCache } from "../basic_cache.ts";
import { cachedActor } from "../cached_actor.ts";
import { cookieName, type Ctx } from "../context.ts";
import {
  basicCredentials,
  rememberBasic,
  rememberedBasic,
  viewActor,
  viewAnonymous,
} from "../session.ts";
import type { Memo } from "../view_cache.ts";
import { RestError } from "./_http.ts";

function opt(t: Tracker, section: string, name: string, fallback: string) {
  try {
    const v = t.config.get(section, name).trim();
    return v === "" ? fallback : v;
  } catch {
    return fallback;
  }
}

function num(t: Tracker, name: string, fallback: number): number {
  const n = Number(opt(t, "web", name, String(fallback)));
  return Number.isFinite(n) ? n : fallback;
}

/** The `[web] max_response_row_size` (Roundup's default: ten million and one). */
export function maxRows(t: Tracker): number {
  return num(t, "max_response_row_size", 10_000_001);
}

const COOKIES = new WeakMap<Tracker, string>();

/**
 * The acting user: session cookie, else Basic auth (401/429 on failure), else anonymous. The
 * actor is kept in the request's view (`view`), so it is read again after any change.
 */
export async function restActor(
  c: Ctx,
  limiter: RateLimiter,
  view: Promise<Memo>,
): Promise<Actor> {
  const t = c.get("tracker");
  let cookie = COOKIES.get(t);
  if (!cookie) COOKIES.set(t, cookie = cookieName(t));
  const sid = getCookie(c, cookie);
  const session = sid ? await c.get("sessions").get(sid) : null;
  if (session) {
    const a = await viewActor(await view, t, session.userId);
    if (a) return a;
  }
  const header = c.req.header("authorization");
  const cred = basicCredentials(header);
  if (!cred) return await viewAnonymous(await view, t);
  // No user has a name this long (the store refuses it), and it would not fit a rate-limit key.
  if (keyValueBytes(cred.name) > MAX_KEY_VALUE_BYTES) {
    throw new RestError(401, "Invalid Login - the user name is too long", {
      "WWW-Authenticate": 'Basic realm="Roundup"',
      "Content-Type": "text/plain",
    });
  }
  const limit = {
    calls: num(t, "api_failed_login_limit", 4),
    periodSec: num(t, "api_failed_login_interval_in_sec", 600),
  };
  const limited = limit.calls > 0 && limit.periodSec > 0;
  if (limited && await limiter.exhausted("login", cred.name, limit)) {
    throw new RestError(
      429,
      `Too many failed logins for "${cred.name}": wait ${limit.periodSec} seconds and try again`,
      {
        "Retry-After": String(Math.ceil(limit.periodSec / limit.calls)),
        "Content-Type": "text/plain",
      },
    );
  }
  const logins = basicCacheOf(t);
  const key = await BasicCache.keyOf(header!);
  const known = await rememberedBasic(await view, t, logins, key, cred.name);
  if (known) return known;
  try {
    const actor = await login(t, cred.name, cred.password);
    await rememberBasic(t, logins, key, actor);
    return cachedActor(actor, t.security);
  } catch (e) {
    if (limited) await limiter.hit("login", cred.name, limit);
    // Roundup answers a failed login in plain text, not in the JSON envelope.
    throw new RestError(401, `Invalid Login - ${(e as Error).message}`, {
      "WWW-Authenticate": 'Basic realm="Roundup"',
      "Content-Type": "text/plain",
    });
  }
}

/** Checked Basic headers per tracker, as the pages keep them (a password hash costs ~1 s). */
const BASIC = new WeakMap<Tracker, BasicCache>();

function basicCacheOf(t: Tracker): BasicCache {
  let cache = BASIC.get(t);
  if (!cache) BASIC.set(t, cache = new BasicCache());
  return cache;
}

function allowedOrigins(t: Tracker): string[] {
  return opt(t, "web", "allowed_api_origins", "").split(/[\s,]+/).filter(
    Boolean,
  );
}

/** Roundup's is_origin_header_ok for the API: a missing Origin passes only on GET/HEAD/OPTIONS. */
export function originOk(
  t: Tracker,
  method: string,
  origin: string | undefined,
) {
  if (origin === undefined) return ["GET", "HEAD", "OPTIONS"].includes(method);
  const web = opt(t, "tracker", "web", "");
  if (web.startsWith(origin + "/")) return true;
  const allowed = allowedOrigins(t);
  return allowed.includes(origin) || allowed[0] === "*";
}

/** True when the Origin may receive credentialed answers (a "*" does not count). */
export function credentialsOk(t: Tracker, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  return opt(t, "tracker", "web", "").startsWith(origin + "/") ||
    allowedOrigins(t).includes(origin);
}

function refererOk(t: Tracker, referer: string): boolean {
  let origin: string;
  try {
    const u = new URL(referer);
    origin = `${u.protocol}//${u.host}`;
  } catch {
    return false;
  }
  if (opt(t, "tracker", "web", "").startsWith(origin + "/")) return true;
  const allowed = allowedOrigins(t);
  return allowed[0] === "*" || allowed.includes(origin);
}

/** The csrf_enforce_header_* checks of a changing request; RestError 400 on failure. */
export function checkCsrfHeaders(c: Ctx): void {
  const t = c.get("tracker");
  const mode = (h: string) =>
    opt(t, "web", `csrf_enforce_header_${h}`, "yes").toLowerCase();
  const web = opt(t, "tracker", "web", "");
  for (const h of ["origin", "referer", "x-forwarded-host", "host"]) {
    if (mode(h) === "required" && c.req.header(h) === undefined) {
      throw new RestError(400, `Missing header: ${h.toUpperCase()}`);
    }
  }
  let pass = 0;
  const check = (
    h: string,
    value: string | undefined,
    ok: (v: string) => boolean,
    label: string,
  ) => {
    if (value === undefined || mode(h) === "no") return;
    if (ok(value)) pass++;
    else if (mode(h) === "yes" || mode(h) === "required") {
      throw new RestError(400, `${label} ${value}`);
    }
  };
  check(
    "referer",
    c.req.header("referer"),
    (v) => refererOk(t, v),
    "Invalid Referer:",
  );
  check(
    "origin",
    c.req.header("origin"),
    (v) => originOk(t, c.req.method, v),
    "Invalid Origin",
  );
  const hostOk = (v: string) => [4, 5].includes(web.indexOf(`://${v}/`));
  if (c.req.header("x-forwarded-host") !== undefined) {
    check(
      "x-forwarded-host",
      c.req.header("x-forwarded-host"),
      hostOk,
      "Invalid X-FORWARDED-HOST",
    );
  } else check("host", c.req.header("host"), hostOk, "Invalid HOST");
  if (pass < num(t, "csrf_header_min_count", 1)) {
    throw new RestError(400, "Unable to verify sufficient headers");
  }
  const xrw = mode("x-requested-with");
  if (
    (xrw === "yes" || xrw === "required") &&
    c.req.header("x-requested-with") === undefined
  ) {
    throw new RestError(400, "Required Header Missing");
  }
}

/** Counts one API call of the actor; the X-RateLimit-* headers, or RestError 429 when over. */
export async function rateLimit(
  t: Tracker,
  limiter: RateLimiter,
  actor: Actor,
): Promise<Record<string, string>> {
  const limit = {
    calls: num(t, "api_calls_per_interval", 0),
    periodSec: num(t, "api_interval_in_sec", 3600),
  };
  if (!(limit.calls > 0 && limit.periodSec > 0)) return {};
  const s = await limiter.hit("api", actor.userId, limit);
  if (s.refused) {
    const wait = s.headers["Retry-After"] ?? "1";
    throw new RestError(
      429,
      `Api rate limits exceeded. Please wait: ${wait} seconds.`,
      { ...s.headers, "Retry-After": wait },
    );
  }
  delete s.headers["Retry-After"];
  return s.headers;
}
