/**
 * The checks before a REST request is dispatched, in Roundup's order: login, CORS preflight,
 * "Rest Access", Origin, the CSRF headers of a change, the rate limit; then the CORS headers and
 * X-HTTP-Method-Override.
 */
import type { RateLimiter } from "../../store/mod.ts";
import type { Actor } from "../actor.ts";
import type { Ctx } from "../context.ts";
import type { Memo } from "../view_cache.ts";
import {
  checkCsrfHeaders,
  credentialsOk,
  originOk,
  rateLimit,
  restActor,
} from "./_guard.ts";
import { RestError } from "./_http.ts";

const EXPOSE = [
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "X-RateLimit-Limit-Period",
  "Retry-After",
  "Sunset",
  "Allow",
].join(", ");
const ALLOW_HEADERS =
  "Content-Type, Authorization, X-Requested-With, X-HTTP-Method-Override";
const ALL_METHODS = "HEAD, OPTIONS, GET, POST, PUT, DELETE, PATCH";

/** Who acts and with which method; RestError when refused. Adds the answer's headers. */
export async function admit(
  c: Ctx,
  limiter: RateLimiter,
  headers: Record<string, string>,
  view: Promise<Memo>,
): Promise<{ actor: Actor; method: string }> {
  const t = c.get("tracker");
  const origin = c.req.header("origin");
  let method = c.req.method.toUpperCase();
  const actor = await restActor(c, limiter, view);
  // A browser's CORS preflight carries no credentials: only its Origin is checked.
  const preflight = method === "OPTIONS" && origin !== undefined &&
    c.req.header("access-control-request-method") !== undefined;
  if (preflight && !originOk(t, method, origin)) {
    throw new RestError(400, "Client is not allowed to use Rest Interface.");
  }
  if (!preflight && !(await actor.may("Rest Access"))) {
    throw new RestError(403, "Forbidden.");
  }
  if (!originOk(t, method, origin)) {
    throw new RestError(
      400,
      origin === undefined
        ? "Required Header Missing"
        : "Client is not allowed to use Rest Interface.",
    );
  }
  if (!["GET", "HEAD", "OPTIONS"].includes(method)) checkCsrfHeaders(c);
  headers["Access-Control-Expose-Headers"] = EXPOSE;
  Object.assign(headers, await rateLimit(t, limiter, actor));
  headers.Vary = "Origin";
  if (origin !== undefined) headers["Access-Control-Allow-Origin"] = origin;
  if (credentialsOk(t, origin)) {
    headers["Access-Control-Allow-Credentials"] = "true";
  }
  headers.Allow = "OPTIONS, GET, POST, PUT, DELETE, PATCH";
  const override = c.req.header("x-http-method-override");
  if (override) {
    if (method !== "POST") {
      throw new RestError(
        400,
        `X-HTTP-Method-Override: ${override} must be used with POST method not ${method}.`,
      );
    }
    method = override.toUpperCase();
  }
  if (method === "OPTIONS") {
    headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS;
    headers["Access-Control-Allow-Methods"] = ALL_METHODS;
    headers["Access-Control-Max-Age"] = "86400";
  }
  return { actor, method };
}

/** The path below /rest (a ".json" ending dropped) and the extension it had. */
export function pathOf(c: Ctx, url: URL): { path: string; ext?: string } {
  let path: string;
  try {
    path = decodeURIComponent(
      url.pathname.slice(c.get("base").length + "/rest".length),
    );
  } catch {
    throw new RestError(
      400,
      `Cannot read the path "${url.pathname}": bad %-escape`,
    );
  }
  const ext = /\.([A-Za-z]{1,10})$/.exec(path)?.[1];
  if (ext === "json") path = path.slice(0, -5);
  else if (ext === "xml") {
    throw new RestError(
      406,
      `Content type '${ext}' requested in URL is not available.\nAcceptable types: json\n`,
    );
  }
  return { path, ext };
}
