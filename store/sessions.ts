/**
 * Web sessions, one-time keys (CSRF tokens, registration and password-reset links) and failed
 * login counts, kept in KV beside the tracker's items with an expiry.
 */
import { codecKv } from "./codec_kv.ts";
import { webKeys } from "./keys.ts";

/** One logged-in (or anonymous) browser session. */
export interface WebSession {
  userId: string;
  /** Expiry in ms since the epoch. */
  expires: number;
}

/** A one-time key: what it is for, whom it belongs to, and data it carries. */
export interface OneTimeKey {
  purpose: string;
  /** Session id the key is bound to ("" when not bound). */
  sid: string;
  expires: number;
  data?: Record<string, string>;
}

function randomId(bytes = 24): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(
    /\//g,
    "_",
  ).replace(/=+$/, "");
}

/** Session and one-time-key storage on a tracker's KV. @example await new SessionStore(kv).create("3", 3600_000) */
export class SessionStore {
  #kv: Deno.Kv;
  #now: () => number;

  constructor(kv: Deno.Kv, now: () => number = Date.now) {
    this.#kv = codecKv(kv);
    this.#now = now;
  }

  /** Starts a session for a user; returns its opaque id. */
  async create(userId: string, lifetimeMs: number): Promise<string> {
    const sid = randomId();
    const s: WebSession = { userId, expires: this.#now() + lifetimeMs };
    await this.#kv.set(webKeys.session(sid), s, { expireIn: lifetimeMs });
    return sid;
  }

  /** The live session of an id, or null (unknown, malformed or expired). */
  async get(sid: string): Promise<WebSession | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(sid)) return null;
    const s = (await this.#kv.get<WebSession>(webKeys.session(sid))).value;
    if (!s || s.expires <= this.#now()) return null;
    return s;
  }

  /** Pushes a session's expiry to `lifetimeMs` from now (callers do it at most daily). */
  async extend(sid: string, s: WebSession, lifetimeMs: number): Promise<void> {
    const next: WebSession = { ...s, expires: this.#now() + lifetimeMs };
    await this.#kv.set(webKeys.session(sid), next, { expireIn: lifetimeMs });
  }

  async delete(sid: string): Promise<void> {
    if (/^[A-Za-z0-9_-]{16,64}$/.test(sid)) {
      await this.#kv.delete(webKeys.session(sid));
    }
  }

  /** Issues a one-time key for a purpose, optionally bound to a session. */
  async issueKey(
    purpose: string,
    lifetimeMs: number,
    opts: { sid?: string; data?: Record<string, string> } = {},
  ): Promise<string> {
    const key = randomId();
    const k: OneTimeKey = {
      purpose,
      sid: opts.sid ?? "",
      expires: this.#now() + lifetimeMs,
      data: opts.data,
    };
    await this.#kv.set(webKeys.otk(key), k, { expireIn: lifetimeMs });
    return key;
  }

  /** True when a one-time key exists, is unexpired and has the purpose; it stays unused. */
  async hasKey(key: string, purpose: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(key)) return false;
    const k = (await this.#kv.get<OneTimeKey>(webKeys.otk(key))).value;
    return !!k && k.purpose === purpose && k.expires > this.#now();
  }

  /**
   * Uses up a one-time key: returns it when it exists, is unexpired, has the purpose and (when
   * `sid` is given) is bound to that session; the key is deleted either way, so it works once.
   */
  async consumeKey(
    key: string,
    purpose: string,
    sid?: string,
  ): Promise<OneTimeKey | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(key)) return null;
    const entry = await this.#kv.get<OneTimeKey>(webKeys.otk(key));
    if (!entry.value) return null;
    const res = await this.#kv.atomic().check(entry).delete(webKeys.otk(key))
      .commit();
    // Another request used it first.
    if (!res.ok) return null;
    const k = entry.value;
    if (k.purpose !== purpose || k.expires <= this.#now()) return null;
    if (sid !== undefined && k.sid !== sid) return null;
    return k;
  }

  /** Counts one failed login of `who` in the current minute; returns the count in that minute. */
  async failedLogin(who: string): Promise<number> {
    const minute = Math.floor(this.#now() / 60_000);
    const key = webKeys.loginAttempts(who, minute);
    for (;;) {
      const cur = await this.#kv.get<number>(key);
      const n = (cur.value ?? 0) + 1;
      const r = await this.#kv.atomic().check(cur).set(key, n, {
        expireIn: 120_000,
      }).commit();
      if (r.ok) return n;
    }
  }

  /** Failed logins of `who` in the current minute. */
  async failedLogins(who: string): Promise<number> {
    const minute = Math.floor(this.#now() / 60_000);
    return (await this.#kv.get<number>(webKeys.loginAttempts(who, minute)))
      .value ?? 0;
  }
}
