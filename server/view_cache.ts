/**
 * What pages show, kept between the requests of one server thread while the store is unchanged.
 *
 * Every store commit of any process (this server's other threads, `roundup admin`, the mail
 * gateway, REST) adds one to the store's change counter (store/changes.ts). A page request reads
 * the counter once, first thing; what was computed under another count is dropped, so a page
 * never shows anything older than the request itself, and the cost of a page whose data did not
 * change is one KV read plus the rendering. Entries also expire after MAX_AGE_MS, for values
 * that depend on the clock too (relative dates in a query).
 *
 * Only reads that cannot write use it (GET and HEAD without `@action`): a request that commits
 * would otherwise read its own earlier count after its write.
 */
import { changeCount } from "../store/mod.ts";
import type { Ctx } from "./context.ts";

/** Longest time an entry serves, even when nothing changed. */
export const MAX_AGE_MS = 5000;
/** Entries kept at most (an index page's data is some tens of KB); past that it starts afresh. */
const MAX_ENTRIES = 2000;

interface Entry {
  value: Promise<unknown>;
  until: number;
}

/** The entries of one tracker in one thread, all computed under one change count. */
export class ViewCache {
  #kv: Deno.Kv;
  #now: () => number;
  #count: bigint | null = null;
  #entries = new Map<string, Entry>();

  constructor(kv: Deno.Kv, now: () => number = () => performance.now()) {
    this.#kv = kv;
    this.#now = now;
  }

  /** Reads the change counter: the view of one request. */
  async view(): Promise<View> {
    return new View(this, await changeCount(this.#kv));
  }

  /** The value under `key` computed at `count`, computing it when missing. */
  memo<T>(count: bigint, key: string, compute: () => Promise<T>): Promise<T> {
    if (count !== this.#count) {
      // A newer count drops everything; an older one (a request that read the counter just
      // before somebody's commit) is served fresh and not kept.
      if (this.#count !== null && count < this.#count) return compute();
      this.#count = count;
      this.#entries.clear();
    }
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    const value = compute();
    const entry = { value, until: now + MAX_AGE_MS };
    this.#entries.set(key, entry);
    // A failure is not remembered: the next request tries again.
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }

  /** The value under `key` computed at `count`, if it is there. */
  peek<T>(count: bigint, key: string): Promise<T> | undefined {
    if (count !== this.#count) return undefined;
    const hit = this.#entries.get(key);
    return hit && hit.until > this.#now() ? hit.value as Promise<T> : undefined;
  }

  /** How many entries are kept (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}

/** One request's view: the count it read and the cache it shares. */
export class View {
  readonly count: bigint;
  #cache: ViewCache;

  constructor(cache: ViewCache, count: bigint) {
    this.#cache = cache;
    this.count = count;
  }

  /** The value under `key`, computed once per change count and thread. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.#cache.memo(this.count, key, compute);
  }

  /** The value under `key` if some request of this count computed it. */
  peek<T>(key: string): Promise<T> | undefined {
    return this.#cache.peek(this.count, key);
  }
}

/** A view that keeps nothing: every value is computed (requests that may write). */
export const FRESH_VIEW: Memo = {
  memo<T>(_key: string, compute: () => Promise<T>): Promise<T> {
    return compute();
  },
  peek<T>(_key: string): Promise<T> | undefined {
    return undefined;
  },
};

/** What a request computes through: a shared View, or FRESH when the request may write. */
export type Memo = Pick<View, "memo" | "peek">;

const caches = new WeakMap<Deno.Kv, ViewCache>();
const perRequest = new WeakMap<Request, Promise<Memo>>();

/** The tracker's view cache in this thread. */
export function viewCacheOf(kv: Deno.Kv): ViewCache {
  let cache = caches.get(kv);
  if (!cache) caches.set(kv, cache = new ViewCache(kv));
  return cache;
}

/** True for requests that only read: GET or HEAD without an `@action`. */
export function readOnlyRequest(method: string, url: URL): boolean {
  return (method === "GET" || method === "HEAD") &&
    !url.searchParams.has("@action");
}

/** The request's view (the change counter is read at the first call), or FRESH for writes. */
export function viewOf(c: Ctx): Promise<Memo> {
  let view = perRequest.get(c.req.raw);
  if (!view) {
    view = readOnlyRequest(c.req.method, new URL(c.req.url))
      ? viewCacheOf(c.get("tracker").db.kv).view().then((v) =>
        underBase(v, c.get("base"))
      )
      : Promise.resolve(FRESH_VIEW);
    // A request may end (an early 401, say) without awaiting its view: its failure is then
    // nobody's, and must not become an unhandled rejection. Awaiters still get it.
    view.catch(() => {});
    perRequest.set(c.req.raw, view);
  }
  return view;
}

/** Keys of pages hold links under the tracker's base URL path: one app's keys are its own. */
function underBase(view: View, base: string): Memo {
  return {
    memo: (key, compute) => view.memo(`${base}\0${key}`, compute),
    peek: (key) => view.peek(`${base}\0${key}`),
  };
}
