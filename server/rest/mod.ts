/**
 * @module
 * Roundup's REST API at /NAME/rest/: the same paths, verbs, parameters, headers, status codes and
 * JSON envelopes as Roundup 2.x, so scripts written for a real Roundup work unchanged. Mounted by
 * server/app.ts before the page dispatch.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { RateLimiter } from "../../store/mod.ts";
import type { Tracker } from "../../tracker/home.ts";
import type { Ctx } from "../context.ts";
import { newRequestId } from "../errors.ts";
import { CountCache } from "./_count_cache.ts";
import { maxRows } from "./_guard.ts";
import { admit, pathOf } from "./_admit.ts";
import { jsonText, readInput, RestError, restStatusOf } from "./_http.ts";
import { getBinary } from "./_item.ts";
import { route } from "./_route.ts";
import { PageCache } from "./_page_cache.ts";
import type { RestCtx } from "./_values.ts";

const JSON_TYPES = ["application/json", "application/*", "*/*"];

interface PerTracker {
  limiter: RateLimiter;
  counts: CountCache;
  pages: PageCache;
}

/** The REST handler for every tracker app (state per tracker: rate limits, cached counts). */
export function restHandler(
  opts: { now?: () => number } = {},
): (c: Ctx) => Promise<Response> {
  const state = new WeakMap<Tracker, PerTracker>();
  const now = opts.now ?? Date.now;
  return async function rest(c: Ctx): Promise<Response> {
    const t = c.get("tracker");
    let s = state.get(t);
    if (!s) {
      s = {
        limiter: new RateLimiter(t.db.kv, now),
        counts: new CountCache(),
        pages: new PageCache(),
      };
      state.set(t, s);
      forgetOnChange(t, s);
    }
    return await answer(c, s, c.get("opts").now?.() ?? now());
  };
}

function acceptsJson(accept: string | undefined): boolean {
  if (!accept || accept.trim() === "") return true;
  return accept.split(",").some((part) =>
    JSON_TYPES.includes(part.split(";")[0]!.trim().toLowerCase())
  );
}

async function answer(c: Ctx, s: PerTracker, now: number): Promise<Response> {
  const t = c.get("tracker");
  const started = performance.now();
  // Requests refused before dispatch (login, Rest Access, Origin, CSRF) get no CORS headers.
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
  };
  const url = new URL(c.req.url);
  let pretty = url.searchParams.get("@pretty")?.toLowerCase() !== "false";
  let stats = false;
  let status: ContentfulStatusCode | 204 = 200;
  let body: unknown;
  let cacheKey: string | null = null;
  try {
    const { actor, method } = await admit(c, s.limiter, headers);
    const { path, ext } = pathOf(c, url);
    const segs = path.split("/").filter(Boolean);
    const accept = c.req.header("accept");
    const r: RestCtx = {
      t,
      actor,
      restUrl: restUrlOf(t, c),
      web: webOf(t, c),
      records: new Map(),
    };
    if (segs[3] === "binary_content" && method === "GET" && !ext) {
      const raw = await getBinary(r, segs[1]!, segs[2]!, accept);
      if (raw) {
        for (const [k, v] of Object.entries(headers)) {
          if (k !== "Content-Type") raw.headers.set(k, v);
        }
        return raw;
      }
    } else if (!ext && !acceptsJson(accept)) {
      throw new RestError(
        406,
        `Requested content type(s) '${accept}' not available.\nAcceptable mime types are: */*, application/json`,
      );
    }
    const input = await readInput(c.req.raw, url);
    pretty = (input.get("@pretty") ?? "").toLowerCase() !== "false";
    stats = (input.get("@stats") ?? "").toLowerCase() === "true";
    const apiver = input.get("@apiver");
    if (apiver !== undefined && apiver.trim() !== "1") {
      throw new RestError(
        406,
        `Unrecognized api version: ${apiver}. See /rest without specifying api version for supported versions.`,
      );
    }
    const ttl = pageCacheMs(t);
    if (
      ttl > 0 && method === "GET" && segs[0] === "data" && segs.length === 2 &&
      !stats
    ) {
      cacheKey = `${actor.userId}\0${url.pathname}${url.search}\0${pretty}`;
      const hit = s.pages.get(cacheKey, now, ttl);
      if (hit) {
        return new Response(hit.text, {
          status: 200,
          headers: { ...headers, ...hit.headers },
        });
      }
    }
    const a = await route(r, method, segs, input, {
      maxRows: maxRows(t),
      sessions: c.get("sessions"),
      counts: s.counts,
      now,
      ifMatch: c.req.header("if-match"),
      changed: (cls, kind) => {
        s.counts.forget(cls, kind);
        s.pages.clear();
      },
    });
    for (const [k, v] of Object.entries(a.headers ?? {})) {
      if (v === "") delete headers[k];
      else headers[k] = v;
    }
    status = a.status;
    if (status === 204) {
      delete headers["Content-Type"];
      return new Response(null, { status, headers });
    }
    const data = a.data as Record<string, unknown>;
    if (stats && data && typeof data === "object" && !Array.isArray(data)) {
      data["@stats"] = { elapsed: (performance.now() - started) / 1000 };
    }
    body = { data };
  } catch (e) {
    const known = restStatusOf(e);
    if (e instanceof RestError) Object.assign(headers, e.headers);
    if (known) {
      status = known.status;
      body = { error: { status, msg: known.message } };
    } else {
      const id = c.get("requestId") ?? newRequestId();
      c.get("opts").log?.(
        `[${id}] ${c.req.method} ${c.req.path}: ${(e as Error)?.stack ?? e}`,
      );
      status = 500;
      body = {
        error: {
          status,
          msg:
            `Internal error (a bug), request id ${id}: the details are in the server log`,
        },
      };
    }
  }
  const plain = headers["Content-Type"] === "text/plain";
  const text = c.req.method === "HEAD"
    ? null
    : plain
    ? (body as { error: { msg: string } }).error.msg
    : jsonText(body, pretty);
  if (cacheKey && status === 200 && text !== null) {
    const { "Content-Type": _type, ...rest } = headers;
    s.pages.set(cacheKey, { text, headers: pickRouteHeaders(rest) }, now);
  }
  return new Response(text, { status, headers });
}

function webOf(t: Tracker, c: Ctx): string {
  const web = t.config.get("tracker", "web").trim();
  if (web) return web.endsWith("/") ? web : web + "/";
  return `${new URL(c.req.url).origin}${c.get("base")}/`;
}

/** ".../rest" under the tracker's configured web address. */
function restUrlOf(t: Tracker, c: Ctx): string {
  return webOf(t, c) + "rest";
}

/** Milliseconds a collection page may be served again (`[web] rest_page_cache_ms`). */
function pageCacheMs(t: Tracker): number {
  if (!t.config.has("web", "rest_page_cache_ms")) return 1000;
  const n = Number(t.config.get("web", "rest_page_cache_ms"));
  return Number.isFinite(n) && n >= 0 ? n : 1000;
}

/** The headers of a page that belong to its content (not to the request's rate limit). */
function pickRouteHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["X-Count-Total", "Allow"]) if (h[k]) out[k] = h[k];
  return out;
}

/** Every change this process commits (web forms and mail too, not only REST) empties the caches. */
function forgetOnChange(t: Tracker, s: PerTracker): void {
  for (const cls of t.schema.classes.keys()) {
    for (const action of ["create", "set", "retire", "restore"] as const) {
      t.db.react(cls, action, function restCaches() {
        s.pages.clear();
        s.counts.forget(cls, action === "set" ? "set" : "all");
      });
    }
  }
}
