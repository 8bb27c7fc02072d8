/**
 * Web sessions, one-time keys (CSRF tokens, registration and password-reset links) and failed
 * login counts, kept in KV beside the tracker's items with an expiry.
 */
import { codecKv } from "./codec_kv.ts";
import { webKeys } from "./keys.ts";
import type { Tx } from "./tx.ts";

/** Sessions ended inside one store commit (two deletions each, well within KV's 1,000). */
export const MAX_ENDED_IN_COMMIT = 200;

const SID = /^[A-Za-z0-9_-]{16,64}$/;

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
    // The session and its entry in the user's index land together, so no session goes unlisted.
    await this.#kv.atomic()
      .set(webKeys.session(sid), s, { expireIn: lifetimeMs })
      .set(webKeys.userSession(userId, sid), s.expires, {
        expireIn: lifetimeMs,
      })
      .commit();
    return sid;
  }

  /** The live session of an id, or null (unknown, malformed or expired). */
  async get(sid: string): Promise<WebSession | null> {
    if (!SID.test(sid)) return null;
    const s = (await this.#kv.get<WebSession>(webKeys.session(sid))).value;
    if (!s) return null;
    if (s.expires <= this.#now()) {
      // KV drops expired keys only eventually: an expired session met is removed with its index entry.
      await this.#remove(sid, s.userId);
      return null;
    }
    return s;
  }

  /** Pushes a session's expiry to `lifetimeMs` from now (callers do it at most daily). */
  async extend(sid: string, s: WebSession, lifetimeMs: number): Promise<void> {
    const next: WebSession = { ...s, expires: this.#now() + lifetimeMs };
    const cur = await this.#kv.get<WebSession>(webKeys.session(sid));
    // A session ended meanwhile (password change, logout) must not come back.
    if (!cur.value) return;
    await this.#kv.atomic().check(cur)
      .set(webKeys.session(sid), next, { expireIn: lifetimeMs })
      .set(webKeys.userSession(s.userId, sid), next.expires, {
        expireIn: lifetimeMs,
      })
      .commit();
  }

  /** Ends a session (logout). */
  async delete(sid: string): Promise<void> {
    if (!SID.test(sid)) return;
    const s = (await this.#kv.get<WebSession>(webKeys.session(sid))).value;
    if (s) await this.#remove(sid, s.userId);
    else await this.#kv.delete(webKeys.session(sid));
  }

  async #remove(sid: string, userId: string): Promise<void> {
    await this.#kv.atomic().delete(webKeys.session(sid))
      .delete(webKeys.userSession(userId, sid)).commit();
  }

  /**
   * Ids of the user's live sessions. Index entries of sessions that expired or are gone are
   * removed on the way, so the index does not keep them.
   */
  async sessionsOf(userId: string): Promise<string[]> {
    const live: string[] = [];
    const stale: Deno.KvKey[] = [];
    const prefix = webKeys.userSessions(userId);
    for await (const e of this.#kv.list<number>({ prefix })) {
      const sid = String(e.key[e.key.length - 1]);
      const s = (await this.#kv.get<WebSession>(webKeys.session(sid))).value;
      if (s && s.userId === userId && s.expires > this.#now()) live.push(sid);
      else stale.push(e.key, webKeys.session(sid));
    }
    for (let i = 0; i < stale.length; i += 500) {
      const op = this.#kv.atomic();
      for (const key of stale.slice(i, i + 500)) op.delete(key);
      await op.commit();
    }
    return live;
  }

  /** Ends every session of the user but `except` (the one that asked); returns how many ended. */
  async endAllOf(userId: string, except?: string): Promise<number> {
    const ended = (await this.sessionsOf(userId)).filter((s) => s !== except);
    for (let i = 0; i < ended.length; i += 400) {
      const op = this.#kv.atomic();
      for (const sid of ended.slice(i, i + 400)) {
        op.delete(webKeys.session(sid)).delete(
          webKeys.userSession(userId, sid),
        );
      }
      await op.commit();
    }
    return ended.length;
  }

  /**
   * Ends the user's sessions in the commit of `tx` (a password change, a retirement), so they end
   * exactly when the change lands. At most `MAX_ENDED_IN_COMMIT` fit in one commit; returns the
   * number ended there, and `endAllOf()` after the commit ends any others.
   */
  async endAllIn(tx: Tx, userId: string): Promise<number> {
    const keys: Deno.KvKey[] = [];
    const prefix = webKeys.userSessions(userId);
    for await (const e of this.#kv.list<number>({ prefix })) {
      if (keys.length >= 2 * MAX_ENDED_IN_COMMIT) break;
      const sid = String(e.key[e.key.length - 1]);
      keys.push(e.key, webKeys.session(sid));
    }
    tx.alsoDelete(keys);
    return keys.length / 2;
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
    if (!SID.test(key)) return false;
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
    if (!SID.test(key)) return null;
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
