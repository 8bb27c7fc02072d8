/** Collects one atomic commit, refusing it with a clear message when it exceeds KV's limits. */
import { TooLargeError } from "./errors.ts";
import { changeKeys } from "./keys.ts";

export const MAX_MUTATIONS = 1000;
export const MAX_CHECKS = 100;

/** An atomic operation under construction. */
export class AtomicPlan {
  #kv: Deno.Kv;
  #op: Deno.AtomicOperation;
  #mutations = 0;
  #checks = 0;

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
    this.#op = kv.atomic();
  }

  check(key: Deno.KvKey, versionstamp: string | null): void {
    this.#checks++;
    this.#op.check({ key, versionstamp });
  }

  set(key: Deno.KvKey, value: unknown): void {
    this.#mutations++;
    this.#op.set(key, value);
  }

  /** Adds `n` modulo 2^64 to a KvU64 (counts.ts): a mutation without a check, so no conflict. */
  sum(key: Deno.KvKey, n: bigint): void {
    this.#mutations++;
    this.#op.sum(key, n);
  }

  delete(key: Deno.KvKey): void {
    this.#mutations++;
    this.#op.delete(key);
  }

  /** Commits; false means a check failed or the database was locked (retry). */
  async commit(): Promise<boolean> {
    // Every commit bumps the change counter (a sum: no check, so no conflicts), the one signal
    // another process (the web server) can poll to see writes by admin, mailgw and the web.
    this.#op.sum(changeKeys.counter(), 1n);
    if (this.#mutations + 1 > MAX_MUTATIONS || this.#checks > MAX_CHECKS) {
      throw new TooLargeError(
        `Cannot commit: the change needs ${this.#mutations} writes (plus one for the change counter) and ${this.#checks} checks, but one atomic commit allows ${MAX_MUTATIONS} and ${MAX_CHECKS}; commit in smaller batches`,
      );
    }
    try {
      const res = await this.#op.commit();
      return res.ok;
    } catch (e) {
      if (
        e instanceof TypeError && /database is locked|busy/i.test(e.message)
      ) return false;
      if (e instanceof TypeError && /too large/i.test(e.message)) {
        throw new TooLargeError(
          `Cannot commit: ${e.message}; store less in one item or commit in smaller batches`,
        );
      }
      throw e;
    }
  }
}
