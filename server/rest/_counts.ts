/**
 * Exact counts of a collection's matches (X-Count-Total), shared between requests. A count is a
 * scan of the class (paging only a walk), so it is run as rarely as exactness allows: a count
 * that began after a request read the store's change counter sees every change that request can
 * know of, so it answers that request. Per query at most one count runs and one waits: requests
 * that come while a count older than their counter read runs share the next one, which starts
 * when the running one ends. Nothing expires with the clock: an unchanged store is never
 * recounted.
 */

interface Slot {
  /** A change count read before the counting began. */
  at: bigint;
  value: Promise<number>;
  running: boolean;
}

interface Pending {
  at: bigint;
  value: Promise<number>;
}

/** Entries kept at most (finished counts); past that the finished ones start afresh. */
const MAX_ENTRIES = 1000;

/** The counts of one tracker in one thread. */
export class ExactCounts {
  #slots = new Map<string, Slot>();
  #pending = new Map<string, Pending>();

  /** The count for `key` as of change count `seen` (or later), counting when needed. */
  get(
    key: string,
    seen: bigint,
    count: () => Promise<number>,
  ): Promise<number> {
    const cur = this.#slots.get(key);
    if (cur && cur.at >= seen) return cur.value;
    if (!cur?.running) return this.#start(key, seen, count);
    const waiting = this.#pending.get(key);
    if (waiting) {
      // Not started yet: it will start after this request's counter read too.
      if (seen > waiting.at) waiting.at = seen;
      return waiting.value;
    }
    const next: Pending = {
      at: seen,
      value: cur.value.catch(() => 0).then(() => {
        this.#pending.delete(key);
        return this.#start(key, next.at, count);
      }),
    };
    this.#pending.set(key, next);
    return next.value;
  }

  #start(key: string, at: bigint, count: () => Promise<number>) {
    if (this.#slots.size >= MAX_ENTRIES) {
      for (const [k, s] of this.#slots) if (!s.running) this.#slots.delete(k);
    }
    const slot: Slot = { at, value: count(), running: true };
    this.#slots.set(key, slot);
    slot.value.then(
      () => slot.running = false,
      // A failure is not remembered: the next request counts again.
      () => {
        if (this.#slots.get(key) === slot) this.#slots.delete(key);
      },
    );
    return slot.value;
  }
}

/** The key of a collection's count: the filters, not the user (counts ignore permissions). */
export function countKey(
  cls: string,
  filters: unknown,
  offset: number,
): string {
  return ["rest-count", cls, JSON.stringify(filters), offset].join("\0");
}
