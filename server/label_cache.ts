/**
 * Labels of linked items (usernames, status and priority names) shared by the requests of one
 * server process for a moment: every index page shows the same few dozen of them, and reading
 * them is most of a page's cost. A change made through this process drops the label at once (a
 * reactor); one made by another process (roundup admin, the mail gateway) shows within
 * LABEL_TTL_MS. A new item is never in the cache, so it never shows a wrong label.
 */
import type { Tracker } from "../tracker/home.ts";

/** How long a label read by one request serves the next ones. */
export const LABEL_TTL_MS = 2000;
/** Labels kept at most; past that the cache starts afresh. */
const MAX_LABELS = 20_000;

/** Labels of one tracker, keyed by designator ("status3"). */
export class LabelCache {
  #labels = new Map<string, { label: string; until: number }>();
  #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  get(designator: string): string | undefined {
    const hit = this.#labels.get(designator);
    if (!hit) return undefined;
    if (hit.until > this.#now()) return hit.label;
    this.#labels.delete(designator);
    return undefined;
  }

  set(designator: string, label: string): void {
    if (this.#labels.size >= MAX_LABELS) this.#labels.clear();
    this.#labels.set(designator, { label, until: this.#now() + LABEL_TTL_MS });
  }

  drop(designator: string): void {
    this.#labels.delete(designator);
  }
}

const caches = new WeakMap<Tracker["db"], LabelCache>();

/** The tracker's shared label cache; its first use registers the reactors that keep it true. */
export function labelCacheOf(t: Pick<Tracker, "db" | "schema">): LabelCache {
  let cache = caches.get(t.db);
  if (!cache) {
    const fresh = cache = new LabelCache();
    caches.set(t.db, fresh);
    for (const cls of t.schema.classes.keys()) {
      for (const action of ["set", "retire", "restore"] as const) {
        t.db.react(cls, action, function dropLabel(ev) {
          fresh.drop(`${cls}${ev.id}`);
        });
      }
    }
  }
  return cache;
}
