/**
 * Form tokens that cost no write to hand out: an HMAC over purpose, session, expiry and a nonce,
 * with a secret kept in KV. Using one records its nonce (until it expires), so it works once.
 */
import { codecKv } from "./codec_kv.ts";
import { webKeys } from "./keys.ts";

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(
    /\//g,
    "_",
  ).replace(/=+$/, "");
}

/** Signs and checks single-use tokens bound to a session. */
export class SignedTokens {
  #kv: Deno.Kv;
  #now: () => number;
  #key: Promise<CryptoKey> | null = null;

  constructor(kv: Deno.Kv, now: () => number = Date.now) {
    this.#kv = codecKv(kv);
    this.#now = now;
  }

  #signingKey(): Promise<CryptoKey> {
    this.#key ??= (async () => {
      let raw = (await this.#kv.get<Uint8Array>(webKeys.secret())).value;
      if (!raw) {
        const fresh = crypto.getRandomValues(new Uint8Array(32));
        const r = await this.#kv.atomic().check({
          key: webKeys.secret(),
          versionstamp: null,
        }).set(webKeys.secret(), fresh).commit();
        raw = r.ok
          ? fresh
          : (await this.#kv.get<Uint8Array>(webKeys.secret())).value!;
      }
      return await crypto.subtle.importKey(
        "raw",
        raw as Uint8Array<ArrayBuffer>,
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign", "verify"],
      );
    })();
    return this.#key;
  }

  async #mac(purpose: string, sid: string, payload: string): Promise<string> {
    const data = new TextEncoder().encode(`${purpose}|${sid}|${payload}`);
    const sig = await crypto.subtle.sign(
      "HMAC",
      await this.#signingKey(),
      data,
    );
    return b64url(new Uint8Array(sig));
  }

  /** A token for `purpose` bound to session `sid`, valid for `lifetimeMs`. */
  async issue(
    purpose: string,
    sid: string,
    lifetimeMs: number,
  ): Promise<string> {
    const nonce = b64url(crypto.getRandomValues(new Uint8Array(12)));
    const payload = `${this.#now() + lifetimeMs}.${nonce}`;
    return `${payload}.${await this.#mac(purpose, sid, payload)}`;
  }

  /** True once for a genuine, unexpired token of this purpose and session; false after. */
  async consume(token: string, purpose: string, sid: string): Promise<boolean> {
    const m = /^(\d{1,16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(
      token,
    );
    if (!m) return false;
    const expires = Number(m[1]);
    const left = expires - this.#now();
    if (left <= 0) return false;
    const expected = await this.#mac(purpose, sid, `${m[1]}.${m[2]}`);
    if (expected !== m[3]) return false;
    const used = webKeys.usedToken(m[2]!);
    const r = await this.#kv.atomic().check({ key: used, versionstamp: null })
      .set(used, true, { expireIn: left }).commit();
    return r.ok;
  }
}
