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
import { maxRows } from "./_guard.ts";
import { admit, pathOf } from "./_admit.ts";
import { jsonText, readInput, RestError, restStatusOf } from "./_http.ts";
import { getBinary } from "./_item.ts";
import { route } from "./_route.ts";
import type { RestCtx } from "./_values.ts";
import { ExactCounts } from "./_counts.ts";
import { answerKeepable, answerKey, restView, seenCount } from "./_view.ts";

const JSON_TYPES = ["application/json", "application/*", "*/*"];

/** An answer as sent: its status, the headers the handler set and the JSON text. */
interface Page {
  status: ContentfulStatusCode | 204;
  headers: Record<string, string>;
  text: string | null;
}

interface PerTracker {
  limiter: RateLimiter;
  counts: ExactCounts;
}

/** The REST handler for every tracker app (state per tracker: rate limits, counts). */
export function restHandler(
  opts: { now?: () => number } = {},
): (c: Ctx) => Promise<Response> {
  const state = new WeakMap<Tracker, PerTracker>();
  const now = opts.now ?? Date.now;
  return async function rest(c: Ctx): Promise<Response> {
    const t = c.get("tracker");
    let s = state.get(t);
    if (!s) {
      s = { limiter: new RateLimiter(t.db.kv, now), counts: new ExactCounts() };
      state.set(t, s);
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
  let status: ContentfulStatusCode | 204 = 200;
  let body: unknown;
  try {
    // The change counter is read first: nothing this request reads is older than it.
    const view = restView(c);
    const { actor, method } = await admit(c, s.limiter, headers, view);
    const { path, ext } = pathOf(c, url);
    const segs = path.split("/").filter(Boolean);
    const accept = c.req.header("accept");
    const web = webOf(t, c);
    const r: RestCtx = {
      t,
      actor,
      restUrl: web + "rest",
      web,
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
    const stats = (input.get("@stats") ?? "").toLowerCase() === "true";
    const apiver = input.get("@apiver");
    if (apiver !== undefined && apiver.trim() !== "1") {
      throw new RestError(
        406,
        `Unrecognized api version: ${apiver}. See /rest without specifying api version for supported versions.`,
      );
    }
    const v = await view;
    const rows = maxRows(t);
    const compute = async (): Promise<Page> => {
      const a = await route(r, method, segs, input, {
        maxRows: rows,
        sessions: c.get("sessions"),
        counts: s.counts,
        seen: () => seenCount(t.db.kv, v),
        now,
        ifMatch: c.req.header("if-match"),
      });
      if (a.status === 204) {
        return { status: 204, headers: a.headers ?? {}, text: null };
      }
      const data = a.data as Record<string, unknown>;
      if (stats && data && typeof data === "object" && !Array.isArray(data)) {
        data["@stats"] = { elapsed: (performance.now() - started) / 1000 };
      }
      const text = jsonText({ data }, pretty);
      return { status: a.status, headers: a.headers ?? {}, text };
    };
    // Only reads are kept (and the view of a change is FRESH anyway).
    const page = (method === "GET" || method === "HEAD") &&
        answerKeepable(t, segs, input.fields)
      ? await v.memo(
        answerKey({ userId: actor.userId, web, accept, maxRows: rows, url }),
        compute,
      )
      : await compute();
    for (const [k, val] of Object.entries(page.headers)) {
      if (val === "") delete headers[k];
      else headers[k] = val;
    }
    if (page.status === 204) {
      delete headers["Content-Type"];
      return new Response(null, { status: page.status, headers });
    }
    const text = c.req.method === "HEAD" ? null : page.text;
    return new Response(text, { status: page.status, headers });
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
  return new Response(text, { status, headers });
}

function webOf(t: Tracker, c: Ctx): string {
  const web = t.config.get("tracker", "web").trim();
  if (web) return web.endsWith("/") ? web : web + "/";
  return `${new URL(c.req.url).origin}${c.get("base")}/`;
}
