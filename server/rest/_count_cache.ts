/**
 * Counts of matching items per query (X-Count-Total), served stale while one recount runs in the
 * background: a count is a scan of the class, paging needs only a walk. A count is kept at least
 * `ttlMs`, and twenty times as long as it took (a 1 s count of 100,000 issues is redone at most
 * every 20 s), so recounting costs under 5% of the server's time. Changes made through this API
 * forget what they affect; changes by other processes show within that lifetime.
 */

interface Entry {
  at: number;
  n: number;
  ttl: number;
  running?: boolean;
}

/** The counts of one tracker. */
export class CountCache {
  #entries = new Map<string, Entry>();
  #ttl: number;

  constructor(ttlMs = 5000) {
    this.#ttl = ttlMs;
  }

  async #measure(count: () => Promise<number>) {
    const t0 = performance.now();
    const n = await count();
    return { n, ttl: Math.max(this.#ttl, 20 * (performance.now() - t0)) };
  }

  /** The count for `key`, from the cache or counted now. */
  async get(
    key: string,
    now: number,
    count: () => Promise<number>,
  ): Promise<number> {
    const e = this.#entries.get(key);
    if (e && now - e.at < e.ttl) return e.n;
    if (e) {
      if (!e.running) {
        e.running = true;
        this.#measure(count).then((m) =>
          this.#entries.set(key, { at: now + 0, ...m })
        ).catch(() => this.#entries.delete(key));
      }
      return e.n;
    }
    const m = await this.#measure(count);
    if (this.#entries.size > 1000) this.#entries.clear();
    this.#entries.set(key, { at: now, ...m });
    return m.n;
  }

  /** Forgets counts a change may affect: all of the class after a create or retire, filtered ones after a set. */
  forget(cls: string, kind: "set" | "all"): void {
    for (const k of this.#entries.keys()) {
      if (!k.startsWith(cls + "\0")) continue;
      if (kind === "all" || !k.includes('\0{"filterspec":{},"exact":{}}\0')) {
        this.#entries.delete(k);
      }
    }
  }
}
