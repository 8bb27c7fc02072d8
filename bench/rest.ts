/**
 * REST under load: the tracker's app served by Deno.serve on loopback, and a load generator in a
 * worker thread (its own core) keeping 8 keep-alive connections busy with
 * `GET /rest/data/issue?@verbose=2&@page_size=50`, then with PATCHes of issue titles, each
 * after a GET of the issue for its ETag, then with both at once (4 connections each; the GETs
 * timed), where every GET follows a change. `deno run -A bench/rest.ts` builds BENCH_ISSUES issues
 * (default 10,000) first; bench.ts calls benchRest() on its tracker.
 */
import { createApp } from "../server/mod.ts";
import type { Tracker } from "../tracker/home.ts";

/** Figures of one load phase. */
export interface LoadFigures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** All figures of the REST benchmark. */
export interface RestBench {
  /** A 204 route, to show the load generator outruns the REST handlers. */
  baseline: LoadFigures;
  get: LoadFigures;
  /** The same GETs with the REST cache off (`[web] rest_page_cache_ms = 0`; counts still kept). */
  getUncached: LoadFigures;
  patch: LoadFigures;
  /** The GETs while 4 other connections PATCH: each GET sees a new change count. */
  getWhilePatching: LoadFigures;
}

interface Job {
  kind: "baseline" | "get" | "patch" | "mixed";
  base: string;
  ms: number;
  connections: number;
  ids: string[];
}

const AUTH = { Authorization: "Basic " + btoa("admin:admin") };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ??
    0;
}

/** One connection's loop (in the worker). */
async function loop(job: Job, c: number, lat: number[], fail: () => void) {
  const end = performance.now() + job.ms;
  const origin = new URL(job.base).origin;
  let n = 0;
  const kind = job.kind === "mixed" ? (c % 2 ? "get" : "patch") : job.kind;
  // In the mixed phase only the GETs are timed.
  const timed = job.kind !== "mixed" || kind === "get";
  while (performance.now() < end) {
    if (kind === "patch") {
      const id = job.ids[c % job.ids.length]!;
      const item = await fetch(`${job.base}rest/data/issue/${id}`, {
        headers: AUTH,
      });
      await item.arrayBuffer();
      const t0 = performance.now();
      const r = await fetch(`${job.base}rest/data/issue/${id}`, {
        method: "PATCH",
        headers: {
          ...AUTH,
          Origin: origin,
          "X-Requested-With": "bench",
          "Content-Type": "application/json",
          "If-Match": item.headers.get("ETag") ?? "",
        },
        body: JSON.stringify({ title: `bench title ${c} ${n++}` }),
      });
      await r.arrayBuffer();
      if (r.status !== 200) fail();
      if (timed) lat.push(performance.now() - t0);
      continue;
    }
    const t0 = performance.now();
    const url = kind === "get"
      ? `${job.base}rest/data/issue?@verbose=2&@page_size=50`
      : `${job.base}favicon.ico`;
    const r = await fetch(url, { headers: AUTH });
    await r.arrayBuffer();
    if (r.status >= 300) fail();
    lat.push(performance.now() - t0);
  }
}

async function runJob(job: Job): Promise<LoadFigures> {
  const lat: number[] = [];
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from(
      { length: job.connections },
      (_, c) => loop(job, c, lat, () => failed++),
    ),
  );
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return {
    requests: lat.length,
    perSecond: lat.length / secs,
    p50: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
    failed,
  };
}

function inWorker(job: Job): Promise<LoadFigures> {
  const w = new Worker(new URL("./rest.ts?worker", import.meta.url), {
    type: "module",
  });
  return new Promise((resolve, reject) => {
    w.onmessage = (e) => (w.terminate(), resolve(e.data));
    w.onerror = (e) => (w.terminate(), reject(e));
    w.postMessage(job);
  });
}

/** Serves `t` on loopback and runs the three load phases of `seconds` each. */
export async function benchRest(
  t: Tracker,
  opts: { seconds?: number; connections?: number } = {},
): Promise<RestBench> {
  const app = createApp(t, { base: "/bench" });
  const ac = new AbortController();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: ac.signal,
    onListen: () => {},
  }, app.fetch);
  const base = `http://127.0.0.1:${server.addr.port}/bench/`;
  // Links, Origin and Host checks use [tracker] web: make it the address served.
  t.config.set("tracker", "web", base);
  const ids = await t.db.cls("issue").filter({
    limit: 64,
    sort: [["-", "id"]],
  });
  const job = (kind: Job["kind"]): Job => ({
    kind,
    base,
    ms: (opts.seconds ?? 10) * 1000,
    connections: opts.connections ?? 8,
    ids,
  });
  try {
    // A short warm-up fills caches (logins, the count) as a running server has them.
    await inWorker({ ...job("get"), ms: 1000 });
    const baseline = await inWorker(job("baseline"));
    const get = await inWorker(job("get"));
    t.config.set("web", "rest_page_cache_ms", "0");
    const getUncached = await inWorker(job("get"));
    t.config.set("web", "rest_page_cache_ms", "1");
    const patch = await inWorker(job("patch"));
    const getWhilePatching = await inWorker(job("mixed"));
    return { baseline, get, getUncached, patch, getWhilePatching };
  } finally {
    ac.abort();
    await server.finished;
  }
}

/** One line per phase. */
export function formatRestBench(b: RestBench): string[] {
  const line = (what: string, f: LoadFigures) =>
    `${what}: ${f.perSecond.toFixed(0)}/s, p50 ${f.p50.toFixed(1)} ms, p99 ${
      f.p99.toFixed(1)
    } ms (${f.requests} requests, ${f.failed} failed)`;
  return [
    line(
      "rest GET /rest/data/issue?@verbose=2&@page_size=50, 8 connections",
      b.get,
    ),
    line("rest GET, same, REST cache off", b.getUncached),
    line(
      "rest PATCH title with If-Match (after a GET for the ETag), 8 connections",
      b.patch,
    ),
    line(
      "rest GET, same, 4 connections, while 4 others PATCH",
      b.getWhilePatching,
    ),
    line("load generator alone (GET of a 204 route)", b.baseline),
  ];
}

if (import.meta.url.endsWith("?worker")) {
  const scope = globalThis as unknown as {
    onmessage: (e: MessageEvent<Job>) => void;
    postMessage: (v: unknown) => void;
  };
  scope.onmessage = async (e) => scope.postMessage(await runJob(e.data));
} else if (import.meta.main) {
  await main();
}

/** Builds BENCH_ISSUES issues (or opens the tracker home BENCH_REST_HOME, kept) and runs. */
async function main(): Promise<void> {
  const { join } = await import("node:path");
  const home = await import("../tracker/home.ts");
  const { runBuild } = await import("./build.ts");
  const kept = Deno.env.get("BENCH_REST_HOME");
  const dir = kept ?? await Deno.makeTempDir({ prefix: "roundup-bench-rest-" });
  const path = kept ?? join(dir, "t");
  if (!kept) {
    await home.installTracker(path, {
      settings: {
        tracker_web: "http://localhost:8080/bench/",
        mail_domain: "localhost",
        mail_host: "localhost",
      },
    });
  }
  const t = await home.openTracker(path, { sendMail: false });
  if (!kept) {
    await home.initialiseTracker(t, "admin");
    await runBuild(
      t.db,
      Number(Deno.env.get("BENCH_ISSUES") ?? 10_000),
      () => {},
    );
  }
  const out = (s: string) =>
    Deno.stdout.writeSync(new TextEncoder().encode(s + "\n"));
  out(`rest bench on ${(await t.db.cls("issue").list()).length} issues`);
  const b = await benchRest(t, {
    seconds: Number(Deno.env.get("BENCH_REST_SECONDS") ?? 10),
  });
  for (const l of formatRestBench(b)) out(l);
  t.close();
  if (!kept) await Deno.remove(dir, { recursive: true });
}
