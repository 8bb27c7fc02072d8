/**
 * Rate limits kept in KV, as Roundup's GCRA (generic cell rate algorithm) keeps them: per client
 * one "theoretical arrival time"; a call is refused while it lies further ahead than the window
 * allows. Used for API calls per user and failed API logins per user name.
 */
import { codecKv } from "./codec_kv.ts";
import { rateKeys } from "./keys.ts";

/** A limit of `calls` per `periodSec` seconds. */
export interface RateLimit {
  calls: number;
  periodSec: number;
}

/** What one counted call found, with Roundup's X-RateLimit-* header values. */
export interface RateStatus {
  /** True when the call is refused. */
  refused: boolean;
  headers: Record<string, string>;
}

const ATTEMPTS = 10;

/** Rate-limit state in KV; `now` in ms for tests. */
export class RateLimiter {
  #kv: Deno.Kv;
  #now: () => number;

  constructor(kv: Deno.Kv, now: () => number = Date.now) {
    this.#kv = codecKv(kv);
    this.#now = now;
  }

  /**
   * Counts one call of `who` against `limit`; refused calls are not counted.
   * @example (await limiter.hit("api", "3", { calls: 10, periodSec: 60 })).refused // false
   */
  async hit(kind: string, who: string, limit: RateLimit): Promise<RateStatus> {
    const step = limit.periodSec * 1000 / limit.calls;
    const key = rateKeys.tat(kind, who);
    for (let i = 0;; i++) {
      const cur = await this.#kv.get<number>(key);
      const now = this.#now();
      const tat = Math.max(cur.value ?? 0, now);
      const refused = tat - now > limit.periodSec * 1000 - step;
      if (refused) return { refused, headers: status(tat, now, limit, step) };
      const next = tat + step;
      const r = await this.#kv.atomic().check(cur).set(key, next, {
        expireIn: Math.max(next - now, 1000) + 60_000,
      }).commit().catch(() => ({ ok: false }));
      if (r.ok) {
        return { refused, headers: status(next, now, limit, step) };
      }
      if (i >= ATTEMPTS) {
        throw new Error(`Cannot count a call of "${who}": KV stays busy`);
      }
    }
  }

  /** True when `who` has no call left under `limit` (nothing is counted). */
  async exhausted(
    kind: string,
    who: string,
    limit: RateLimit,
  ): Promise<boolean> {
    const step = limit.periodSec * 1000 / limit.calls;
    const cur = await this.#kv.get<number>(rateKeys.tat(kind, who));
    const now = this.#now();
    return Math.max(cur.value ?? 0, now) - now > limit.periodSec * 1000 - step;
  }

  /** Forgets the calls of `who` (a successful login clears its failures). */
  async reset(kind: string, who: string): Promise<void> {
    await this.#kv.delete(rateKeys.tat(kind, who));
  }
}

function status(
  tat: number,
  now: number,
  limit: RateLimit,
  step: number,
): Record<string, string> {
  const ahead = tat - now;
  const left = Math.floor((limit.periodSec * 1000 - ahead) / step);
  const h: Record<string, string> = {
    "X-RateLimit-Limit": String(limit.calls),
    "X-RateLimit-Limit-Period": String(Math.floor(limit.periodSec)),
    "X-RateLimit-Remaining": String(Math.max(0, Math.min(left, limit.calls))),
    "X-RateLimit-Reset": String(Math.max(ahead, 0) / 1000),
  };
  if (ahead > limit.periodSec * 1000 - step) {
    h["Retry-After"] = String(Math.max(1, Math.ceil(step / 1000)));
  }
  return h;
}
