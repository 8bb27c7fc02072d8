/**
 * Who is asking: the session cookie, else HTTP Basic auth, else the anonymous user. Also starts
 * and ends sessions (login, logout) and sets the cookie (HttpOnly, SameSite=Lax, Secure on TLS).
 */
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  type Actor,
  actorFor,
  anonymousActor,
  login,
  LoginError,
} from "./actor.ts";
import { keyValueBytes, MAX_KEY_VALUE_BYTES } from "../store/mod.ts";
import { cookieName, type Ctx, type Env } from "./context.ts";
import { HttpError } from "./errors.ts";
import { BasicCache } from "./basic_cache.ts";
import { cachedActor } from "./cached_actor.ts";
import { type Memo, viewOf } from "./view_cache.ts";
import type { Tracker } from "../tracker/home.ts";

const SID = /^[A-Za-z0-9_-]{32}$/;

function setSessionCookie(c: Ctx, sid: string): void {
  setCookie(c, cookieName(c.get("tracker")), sid, {
    path: `${c.get("base")}/`,
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("opts").tls === true,
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
  c.set("sid", sid);
}

/** Sessions last this long without use (Roundup keeps them a week). */
export const SESSION_LIFETIME_MS = 7 * 24 * 3600_000;

/** Name and password of a Basic Authorization header, or null when it is not one. */
export function basicCredentials(
  header: string | undefined,
): { name: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return null;
  let text: string;
  try {
    text = new TextDecoder().decode(
      Uint8Array.from(atob(m[1]!), (ch) => ch.charCodeAt(0)),
    );
  } catch {
    return null;
  }
  const i = text.indexOf(":");
  return i < 0 ? null : { name: text.slice(0, i), password: text.slice(i + 1) };
}

/** The user's stored password hash, or null when the user is gone or retired. */
async function storedPassword(t: Tracker, userId: string) {
  const rec = await t.db.cls("user").record(userId);
  if (!rec || rec.retired) return null;
  const pw = rec.values.password;
  return typeof pw === "string" ? pw : null;
}

/** The actor of a live user (null when the user is gone or retired), with its answers cached. */
async function liveActor(t: Tracker, userId: string): Promise<Actor | null> {
  // One read of the user serves both the retirement check and the actor.
  const view = { ...t, db: t.db.cachedView() };
  const rec = await view.db.cls("user").record(userId);
  if (!rec || rec.retired) return null;
  return cachedActor(await actorFor(view, userId), t.security);
}

/** A live user's actor, computed once per view for pages and REST alike (null: gone or retired). */
export function viewActor(
  view: Memo,
  t: Tracker,
  userId: string,
): Promise<Actor | null> {
  return view.memo(`actor:${userId}`, () => liveActor(t, userId));
}

/** The anonymous user's actor, once per view. */
export function viewAnonymous(view: Memo, t: Tracker): Promise<Actor> {
  return view.memo(
    "actor:anonymous",
    async () => cachedActor(await anonymousActor(t), t.security),
  );
}

/**
 * The actor a recently checked Basic header stands for, while the user is live, still has the
 * password it was checked against and still has that name; null when the password must be checked.
 */
export async function rememberedBasic(
  view: Memo,
  t: Tracker,
  cache: BasicCache,
  key: string,
  name: string,
): Promise<Actor | null> {
  const id = await cache.userFor(
    key,
    (uid) => view.memo(`password:${uid}`, () => storedPassword(t, uid)),
  );
  const actor = id ? await viewActor(view, t, id) : null;
  return actor?.name === name ? actor : null;
}

/** Remembers a Basic header whose password was just checked for `actor`. */
export async function rememberBasic(
  t: Tracker,
  cache: BasicCache,
  key: string,
  actor: Actor,
): Promise<void> {
  const stored = await storedPassword(t, actor.userId);
  if (stored) cache.remember(key, actor.userId, stored);
}

/** Basic credentials: a recently checked header is trusted again, else the password is checked. */
async function basicActor(
  c: Ctx,
  header: string,
  cache: BasicCache,
): Promise<Actor | null> {
  const basic = basicCredentials(header);
  if (!basic) return null;
  const t = c.get("tracker");
  const key = await BasicCache.keyOf(header);
  const known = await rememberedBasic(
    await viewOf(c),
    t,
    cache,
    key,
    basic.name,
  );
  if (known) return known;
  try {
    const actor = await checkedLogin(c, basic.name, basic.password);
    await rememberBasic(t, cache, key, actor);
    return cachedActor(actor, t.security);
  } catch (e) {
    throw new HttpError(401, e instanceof Error ? e.message : String(e));
  }
}

/** Middleware that sets `actor` and `sid` for the request. */
export function identify(
  opts: { now?: () => number } = {},
): MiddlewareHandler<Env> {
  const basicCache = new BasicCache(opts.now);
  return async function identify(c, next) {
    const t = c.get("tracker");
    const cookie = getCookie(c, cookieName(t)) ?? "";
    const sid = SID.test(cookie) ? cookie : null;
    // The change counter is read while the session is.
    const view = viewOf(c);
    const session = sid ? await c.get("sessions").get(sid) : null;
    let actor: Actor | null = null;
    if (session) {
      const user = await viewActor(await view, t, session.userId);
      // A retired user's sessions end with the retirement.
      if (user) {
        actor = user;
        // A session in use lives on: renewed once a day at most, so page views rarely write.
        const now = c.get("opts").now?.() ?? Date.now();
        const age = SESSION_LIFETIME_MS - (session.expires - now);
        if (age > 24 * 3600_000) {
          await c.get("sessions").extend(sid!, session, SESSION_LIFETIME_MS);
        }
      } else await c.get("sessions").delete(sid!);
    }
    c.set("sid", sid);
    const remote = (c.env as { remoteUser?: string } | undefined)?.remoteUser;
    if (!actor && remote && t.config.getBool("web", "http_auth")) {
      // A fronting web server authenticated this user (-I REMOTE_USER).
      const id = await t.db.cls("user").lookup(remote).catch(() => null);
      if (!id) throw new HttpError(403, `There is no user "${remote}" here`);
      actor = cachedActor(await actorFor(t, id), t.security);
    }
    const header = c.req.header("authorization");
    if (!actor && header) actor = await basicActor(c, header, basicCache);
    c.set("actor", actor ?? await viewAnonymous(await view, t));
    await next();
  };
}

/** Logs in with the rate limit of `[web] login_attempts_min` failures per minute and user. */
export async function checkedLogin(
  c: Ctx,
  name: string,
  password: string,
): Promise<Actor> {
  // No user has a name this long (the store refuses it), and it would not fit the KV key that
  // counts failed logins.
  if (keyValueBytes(name) > MAX_KEY_VALUE_BYTES) {
    throw new LoginError("Invalid login: there is no user with so long a name");
  }
  const sessions = c.get("sessions");
  const limit = Number(
    c.get("tracker").config.get("web", "login_attempts_min") || 0,
  );
  if (limit > 0 && await sessions.failedLogins(name) >= limit) {
    throw new HttpError(
      429,
      `Cannot log in as "${name}": too many failed logins, wait a minute and try again`,
    );
  }
  try {
    return await login(c.get("tracker"), name, password);
  } catch (e) {
    await sessions.failedLogin(name);
    throw e;
  }
}

/** Starts a session for the actor and sets the cookie; returns the session id. */
export async function startSession(c: Ctx, actor: Actor): Promise<string> {
  const old = c.get("sid");
  if (old) await c.get("sessions").delete(old);
  const sid = await c.get("sessions").create(actor.userId, SESSION_LIFETIME_MS);
  setSessionCookie(c, sid);
  c.set("actor", cachedActor(actor, c.get("tracker").security));
  return sid;
}

/**
 * The session id, giving the browser a fresh one first when it has none (form tokens are bound
 * to it). An anonymous visitor's id is only a cookie: nothing is stored until they log in.
 */
export function ensureSession(c: Ctx): string {
  const sid = c.get("sid");
  if (sid) return sid;
  const fresh = btoa(
    String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))),
  ).replace(/\+/g, "-").replace(/\//g, "_");
  setSessionCookie(c, fresh);
  return fresh;
}

/** Ends the session and clears the cookie. */
export async function endSession(c: Ctx): Promise<void> {
  const sid = c.get("sid");
  if (sid) await c.get("sessions").delete(sid);
  deleteCookie(c, cookieName(c.get("tracker")), { path: `${c.get("base")}/` });
  c.set("sid", null);
}
