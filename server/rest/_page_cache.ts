/**
 * Collection pages kept for a moment per user and URL. A busy client re-reading the same page
 * (a dashboard polling /rest/data/issue) then costs no KV reads. Any change this process
 * commits (REST, web forms, its mail) empties it, so clients read their own writes; changes by
 * other processes (a separate mail gateway, admin, other Deploy isolates) show after at most the
 * lifetime (`[web] rest_page_cache_ms`, default 1000 ms; 0 turns it off).
 */

/** One cached answer: its body text and the headers the handler set. */
export interface CachedPage {
  text: string;
  headers: Record<string, string>;
}

/** The cache of one tracker. */
export class PageCache {
  #pages = new Map<string, CachedPage & { at: number }>();

  get(key: string, now: number, ttl: number): CachedPage | undefined {
    const p = this.#pages.get(key);
    if (!p) return undefined;
    if (now - p.at < ttl) return p;
    this.#pages.delete(key);
    return undefined;
  }

  set(key: string, page: CachedPage, now: number): void {
    if (this.#pages.size >= 500) this.#pages.clear();
    this.#pages.set(key, { ...page, at: now });
  }

  clear(): void {
    this.#pages.clear();
  }
}
