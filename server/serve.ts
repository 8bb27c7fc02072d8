/**
 * Serving open trackers: each under /NAME/, `/` lists them (or goes to the only one), an access
 * log line per request, and a graceful stop on SIGINT/SIGTERM (requests in flight finish).
 */
import type { Tracker } from "../tracker/home.ts";
import { STORE_FORMAT } from "../store/mod.ts";
import { clientAddress, withAccessLog } from "./access_log.ts";
import { createApp } from "./app.ts";
import { closeLiveStreams } from "./live.ts";
import type { TlsPair } from "./tls.ts";
import {
  canSharePort,
  type ServeWorkers,
  startServeWorkers,
} from "./serve_threads.ts";

/** How to serve. */
export interface ServeOptions {
  host: string;
  port: number;
  tls?: TlsPair;
  /** Headers (from -I) that may carry the name of a user a fronting server authenticated. */
  includeHeaders?: string[];
  /** Take the client address from X-Forwarded-For. */
  logProxyHeader?: boolean;
  /** Writes one log line. */
  log: (line: string) => void;
  /** Called once listening, with the address. */
  onListen?: (addr: Deno.NetAddr) => void;
  /** Stops the server when aborted (tests); signals do it otherwise. */
  signal?: AbortSignal;
  /**
   * Serve from this many threads (this one and workers sharing the port); needs `homes`, Linux
   * and --unstable-net, and the worker module beside this one, else one thread serves.
   */
  threads?: number;
  /** name → absolute tracker home, for the workers to open (same order as `trackers`). */
  homes?: Array<[string, string]>;
}

type Handler = (
  req: Request,
  info: Deno.ServeHandlerInfo<Deno.NetAddr>,
) => Promise<Response>;

/** Names the serving thread in an X-Roundup-Thread header (which thread answered). */
export function tagThread(handler: Handler, thread: number): Handler {
  return async (req, info) => {
    let res = await handler(req, info);
    try {
      res.headers.set("X-Roundup-Thread", String(thread));
    } catch {
      // Response.redirect() has immutable headers.
      res = new Response(res.body, res);
      res.headers.set("X-Roundup-Thread", String(thread));
    }
    return res;
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function listPage(names: string[]): Response {
  const items = names.map((n) =>
    `<li><a href="${escapeHtml(encodeURIComponent(n))}/">${
      escapeHtml(n)
    }</a></li>`
  );
  return new Response(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Roundup trackers</title></head>` +
      `<body><h1>Roundup trackers</h1><ul>${items.join("")}</ul></body></html>`,
    {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "default-src 'none'",
      },
    },
  );
}

/** The request handler for a set of trackers. */
export function trackersHandler(
  trackers: Array<[string, Tracker]>,
  opts: Pick<ServeOptions, "tls" | "includeHeaders" | "log">,
): (
  req: Request,
  info: Deno.ServeHandlerInfo<Deno.NetAddr>,
) => Promise<Response> {
  const apps = new Map(
    trackers.map((
      [name, t],
    ) => [
      name,
      createApp(t, { base: `/${name}`, tls: !!opts.tls, log: opts.log }),
    ]),
  );
  const names = [...apps.keys()];
  const headers = (opts.includeHeaders ?? []).map((h) => h.toLowerCase());
  return async (req, info) => {
    const url = new URL(req.url);
    if (url.pathname === "/") {
      if (names.length === 1) {
        return Response.redirect(new URL(`/${names[0]}/`, url), 302);
      }
      return listPage(names);
    }
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.split("/")[1] ?? "");
    } catch {
      return new Response("Bad address: it is not valid UTF-8\n", {
        status: 400,
      });
    }
    const app = apps.get(name);
    if (!app) {
      return new Response(`There is no tracker "${name}" on this server\n`, {
        status: 404,
      });
    }
    if (url.pathname === `/${name}`) {
      return Response.redirect(new URL(`/${name}/${url.search}`, url), 301);
    }
    const remoteUser = headers.map((h) => req.headers.get(h)).find((v) => v);
    return await app.fetch(req, { remoteAddr: info.remoteAddr, remoteUser });
  };
}

/**
 * A line for each tracker whose database an older program wrote: pages work, but every change
 * is refused until `roundup admin migrate` brings it to this program's store format.
 */
export async function formatWarnings(
  trackers: Array<[string, Tracker]>,
): Promise<string[]> {
  const out: string[] = [];
  for (const [name, t] of trackers) {
    const v = await t.db.checkFormat();
    if (v !== "empty" && v < STORE_FORMAT) {
      out.push(
        `Warning: tracker "${name}" has store format ${v}, older than ${STORE_FORMAT}: pages work but changes are refused; stop the server and run: roundup admin -i ${t.home} migrate`,
      );
    }
  }
  return out;
}

/** Serves until a signal (or `opts.signal`) stops it; resolves with the exit status. */
export async function serveTrackers(
  trackers: Array<[string, Tracker]>,
  opts: ServeOptions,
): Promise<number> {
  const threads = opts.homes && canSharePort() ? opts.threads ?? 1 : 1;
  const handler = withAccessLog(
    threads > 1
      ? tagThread(trackersHandler(trackers, opts), 0)
      : trackersHandler(trackers, opts),
    opts.log,
    clientAddress(opts.logProxyHeader === true),
  );
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    let port = opts.port;
    if (threads > 1) {
      // With SO_REUSEPORT a second server would share the port silently: bind once without
      // it first, so that a port in use is still refused.
      const probe = Deno.listen({ hostname: opts.host, port });
      port = probe.addr.port;
      probe.close();
    }
    server = Deno.serve({
      hostname: opts.host,
      port,
      ...(threads > 1 ? { reusePort: true } : {}),
      ...(opts.tls ?? {}),
      onListen: () => {},
    }, handler);
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      throw new RangeError(
        `Cannot listen on ${opts.host}:${opts.port}: the port is in use by another program`,
      );
    }
    if (e instanceof Deno.errors.PermissionDenied) {
      throw new RangeError(
        `Cannot listen on ${opts.host}:${opts.port}: permission denied (ports below 1024 need privileges)`,
      );
    }
    throw e;
  }
  let workers: ServeWorkers | null = null;
  try {
    workers = await startWorkers(server.addr, threads, opts);
  } catch (e) {
    await server.shutdown();
    throw e;
  }
  const n = 1 + (workers?.count ?? 0);
  opts.log(
    `Roundup server started on ${server.addr.hostname}:${server.addr.port}` +
      (n > 1 ? ` (${n} threads)` : ""),
  );
  for (const line of await formatWarnings(trackers)) opts.log(line);
  opts.onListen?.(server.addr);
  let workersStopped: Promise<void> | undefined;
  const stop = () => {
    opts.log("Roundup server stopping: finishing requests in flight");
    closeLiveStreams();
    workersStopped ??= workers?.stop();
    void server.shutdown();
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, stop);
  opts.signal?.addEventListener("abort", stop);
  try {
    await server.finished;
    await (workersStopped ?? workers?.stop());
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, stop);
    for (const [, t] of trackers) t.close();
  }
  opts.log("Roundup server stopped");
  return 0;
}

function startWorkers(
  addr: Deno.NetAddr,
  threads: number,
  opts: ServeOptions,
): Promise<ServeWorkers | null> {
  if (threads <= 1 || !opts.homes) return Promise.resolve(null);
  const starts = Array.from({ length: threads - 1 }, (_, i) => ({
    type: "start" as const,
    thread: i + 1,
    host: opts.host,
    port: addr.port,
    tls: opts.tls,
    homes: opts.homes!,
    includeHeaders: opts.includeHeaders,
    logProxyHeader: opts.logProxyHeader,
  }));
  return startServeWorkers(starts, opts.log);
}
