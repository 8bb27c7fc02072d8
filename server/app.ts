/**
 * One tracker's web app: `createApp(tracker)` builds a Hono app with security headers, the
 * session/actor middleware, the error mapping (store error kinds to 400/403/404/409/413, anything
 * else 500 with a request id) and Roundup's URL space, dispatched by routes/dispatch.ts.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { SessionStore, SignedTokens } from "../store/mod.ts";
import type { Tracker } from "../tracker/home.ts";
import { dispatch } from "../routes/dispatch.ts";
import { errorPage } from "../routes/error_page.tsx";
import { STYLE_CSS } from "../routes/_style.ts";
import type { AppOptions, Env } from "./context.ts";
import { HttpError, newRequestId, statusOf } from "./errors.ts";
import { securityHeaders } from "./headers.ts";
import { identify } from "./session.ts";
import { extraCss, mountIslandFiles } from "./island_files.ts";
import { mountLive } from "./live_routes.ts";
import { restHandler } from "./rest/mod.ts";

/** Builds the web app of one tracker. @example Deno.serve(createApp(tracker).fetch) */
export function createApp(tracker: Tracker, opts: AppOptions = {}): Hono<Env> {
  const base = (opts.base ?? "").replace(/\/+$/, "");
  const sessions = new SessionStore(tracker.db.kv, opts.now);
  const tokens = new SignedTokens(tracker.db.kv, opts.now);
  const app = new Hono<Env>();
  app.use(securityHeaders());
  app.use(async function setup(c, next) {
    c.set("tracker", tracker);
    c.set("sessions", sessions);
    c.set("tokens", tokens);
    c.set("base", base);
    c.set("opts", opts);
    c.set("requestId", newRequestId());
    await next();
  });
  app.get(`${base}/@@file/style.css`, (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(STYLE_CSS + extraCss(tracker), 200, {
      "Content-Type": "text/css; charset=utf-8",
    });
  });
  app.get(`${base}/favicon.ico`, (c) => c.body(null, 204));
  mountIslandFiles(app, base, tracker);
  const maxFile = Number(tracker.config.get("main", "max_file_size") || 0);
  if (maxFile > 0) {
    // Room for the other fields of a form that carries one file of the largest size.
    app.use(
      `${base}/*`,
      bodyLimit({
        maxSize: maxFile + 1024 * 1024,
        onError: () => {
          throw new HttpError(
            413,
            `Cannot accept the upload: it is larger than [main] max_file_size (${maxFile} bytes)`,
          );
        },
      }),
    );
  }
  app.all(`${base}/rest/*`, restHandler({ now: opts.now }));
  app.use(`${base}/*`, identify({ now: opts.now }));
  mountLive(app, base, tracker);
  app.all(`${base}/*`, dispatch);
  app.onError(async (err, c) => {
    const known = statusOf(err);
    if (known) {
      // The page needs an actor; when that is what failed (no "anonymous" user), say it plainly.
      return await errorPage(c, known.status, known.message).catch(() =>
        c.text(known.message, known.status)
      );
    }
    const id = c.get("requestId") ?? newRequestId();
    opts.log?.(`[${id}] ${c.req.method} ${c.req.path}: ${err.stack ?? err}`);
    return await errorPage(
      c,
      500,
      `Internal error (a bug), request id ${id}: the details are in the server log`,
    ).catch(() => c.text(`Internal error, request id ${id}`, 500));
  });
  app.notFound((c) => errorPage(c, 404, `There is no page ${c.req.path}`));
  return app;
}
