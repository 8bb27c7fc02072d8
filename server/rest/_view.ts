/**
 * REST answers through the server's view cache (server/view_cache.ts). A GET or HEAD reads the
 * store's change counter once; the acting user and a whole JSON answer computed by an earlier
 * request of the same count are used again (collection counts are kept by _counts.ts). Every
 * commit of any process (this server, `roundup admin`, the mail gateway, another thread) bumps
 * the counter, so no answer is older than its request, and a repeated GET of unchanged data
 * costs one KV read. `[web] rest_page_cache_ms = 0` turns the answers' cache off.
 */
import { changeCount, type ClassDef, type PropDef } from "../../store/mod.ts";
import type { Tracker } from "../../tracker/home.ts";
import type { Ctx } from "../context.ts";
import { FRESH_VIEW, type Memo, View, viewOf } from "../view_cache.ts";
import type { Field } from "./_http.ts";

/** False when `[web] rest_page_cache_ms` is 0 (the number of milliseconds no longer matters). */
function restCacheOn(t: Tracker): boolean {
  if (!t.config.has("web", "rest_page_cache_ms")) return true;
  return Number(t.config.get("web", "rest_page_cache_ms")) !== 0;
}

/** The request's view: shared for a GET or HEAD, FRESH for a change or with the cache off. */
export function restView(c: Ctx): Promise<Memo> {
  return restCacheOn(c.get("tracker"))
    ? viewOf(c)
    : Promise.resolve(FRESH_VIEW);
}

/** What an answer depends on besides the store and the acting user. */
export interface AnswerRequest {
  userId: string;
  /** `[tracker] web` (or the request's origin): every link starts with it. */
  web: string;
  accept: string | undefined;
  maxRows: number;
  /** The full URL: path (with any ".json"), query (every @ parameter and filter). */
  url: URL;
}

/** The memo key of a whole answer. */
export function answerKey(q: AnswerRequest): string {
  return [
    "rest-answer",
    q.userId,
    q.web,
    q.accept ?? "",
    q.maxRows,
    q.url.pathname + q.url.search,
  ].join("\0");
}

/**
 * True when the answer to a GET of `segs` may be kept: not the summary (its week moves with the
 * clock), not with `@stats` (timings), not a collection filtered on a date (a relative date such
 * as "-1d;" moves with the clock, as the web's index pages treat it).
 */
export function answerKeepable(
  t: Tracker,
  segs: string[],
  fields: Field[],
): boolean {
  if (segs[0] === "summary") return false;
  const stats = fields.find((f) => f.name === "@stats")?.value;
  if (String(stats ?? "").toLowerCase() === "true") return false;
  const cls = segs[0] === "data" && segs.length === 2
    ? t.schema.classes.get(segs[1]!)
    : undefined;
  return !cls || !fields.some((f) => filtersDate(t, cls, f.name));
}

/** True when a filter field's (possibly dotted) name ends at a Date property. */
function filtersDate(t: Tracker, cls: ClassDef, name: string): boolean {
  if (name.startsWith("@")) return false;
  let cur: ClassDef | undefined = cls;
  for (const step of name.replace(/[:~]$/, "").split(".")) {
    const p: PropDef | undefined = cur?.props.get(step);
    if (!p) return false;
    if (p.type === "Date") return true;
    cur = p.class ? t.schema.classes.get(p.class) : undefined;
  }
  return false;
}

/** The change count the request's view read, or the counter now (for a FRESH view). */
export function seenCount(kv: Deno.Kv, view: Memo): Promise<bigint> {
  return view instanceof View ? Promise.resolve(view.count) : changeCount(kv);
}
