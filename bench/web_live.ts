/**
 * Live updates under load: the issue index (50 rows, default columns, logged in with a session cookie)
 * is loaded by 8 concurrent clients for a few seconds against a real `roundup server` process,
 * first alone, then while 200 idle server-sent-event subscribers hold `/@@live` open. The second
 * figure must stay at 90% of the first or better. Standalone: `BENCH_ISSUES=10000 deno run -A
 * bench/web_live.ts` builds its own tracker; `deno task bench` calls benchWebLive() on its own.
 */
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";
import { runBuild } from "./build.ts";
import { loginCookie, startBenchServer } from "./_server.ts";

/** The figures. */
export interface WebLiveBench {
  alonePerSecond: number;
  withSubscribersPerSecond: number;
  /** The same for an item page (cheaper, so the stream's own cost shows more). */
  itemAlonePerSecond: number;
  itemWithSubscribersPerSecond: number;
  subscribers: number;
  ratio: number;
}

/** Pages per second of `url` with `conns` clients for `ms`. */
async function load(
  url: string,
  headers: HeadersInit,
  conns: number,
  ms: number,
): Promise<number> {
  const end = performance.now() + ms;
  let done = 0;
  await Promise.all(Array.from({ length: conns }, async () => {
    while (performance.now() < end) {
      const r = await fetch(url, { headers });
      if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
      await r.arrayBuffer();
      done++;
    }
  }));
  return done / (ms / 1000);
}

/** Opens `n` live streams and waits for each one's first event. */
async function subscribe(
  url: string,
  headers: HeadersInit,
  n: number,
): Promise<Array<ReadableStreamDefaultReader<Uint8Array>>> {
  return await Promise.all(Array.from({ length: n }, async () => {
    const r = await fetch(url, { headers });
    if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
    const reader = r.body!.getReader();
    await reader.read();
    return reader;
  }));
}

/** Runs the comparison against a server process on the tracker at `home`. */
export async function benchWebLive(
  home: string,
  opts: { subscribers?: number; seconds?: number; password?: string } = {},
): Promise<WebLiveBench> {
  const srv = await startBenchServer(home, { stderr: "null" });
  const base = srv.base;
  const index =
    `${base}/issue?@columns=id,activity,title,creator,status&@sort=-activity&@pagesize=50`;
  const ms = (opts.seconds ?? Number(Deno.env.get("BENCH_LIVE_SECONDS") ?? 8)) *
    1000;
  const n = opts.subscribers ?? 200;
  try {
    const headers = {
      cookie: await loginCookie(srv, "admin", opts.password ?? "admin"),
    };
    const item = `${base}/issue1`;
    await load(index, headers, 8, 1500); // warm-up
    // Alternate the two conditions, so that load from elsewhere on the machine hits both alike.
    const alone = [0, 0], withSubs = [0, 0];
    for (let round = 0; round < 2; round++) {
      alone[0]! += await load(index, headers, 8, ms / 2) / 2;
      alone[1]! += await load(item, headers, 8, ms / 2) / 2;
      const streams = await subscribe(`${base}/@@live`, headers, n);
      withSubs[0]! += await load(index, headers, 8, ms / 2) / 2;
      withSubs[1]! += await load(item, headers, 8, ms / 2) / 2;
      await Promise.all(streams.map((s) => s.cancel()));
    }
    return {
      alonePerSecond: alone[0]!,
      withSubscribersPerSecond: withSubs[0]!,
      itemAlonePerSecond: alone[1]!,
      itemWithSubscribersPerSecond: withSubs[1]!,
      subscribers: n,
      ratio: withSubs[0]! / alone[0]!,
    };
  } finally {
    await srv.stop();
  }
}

/** One line for the bench report. */
export function formatWebLive(r: WebLiveBench): string {
  return `web live: index ${r.alonePerSecond.toFixed(0)} pages/s alone, ${
    r.withSubscribersPerSecond.toFixed(0)
  } pages/s with ${r.subscribers} idle SSE subscribers (${
    (r.ratio * 100).toFixed(0)
  }%, target >= 90%); item page ${r.itemAlonePerSecond.toFixed(0)} -> ${
    r.itemWithSubscribersPerSecond.toFixed(0)
  } pages/s (${
    (r.itemWithSubscribersPerSecond / r.itemAlonePerSecond * 100).toFixed(0)
  }%)`;
}

if (import.meta.main) {
  const n = Number(Deno.env.get("BENCH_ISSUES") ?? 10_000);
  const dir = await Deno.makeTempDir({ prefix: "roundup-bench-live-" });
  const home = join(dir, "tracker");
  try {
    await installTracker(home, {
      settings: {
        tracker_web: "http://127.0.0.1:8080/bench/",
        mail_domain: "localhost",
        mail_host: "localhost",
        mail_debug: join(dir, "mail.txt"),
      },
    });
    const t = await openTracker(home, { sendMail: false });
    await initialiseTracker(t, "admin");
    await runBuild(t.db, n, () => {});
    t.close();
    const r = await benchWebLive(home);
    Deno.stdout.writeSync(
      new TextEncoder().encode(`${n} issues: ${formatWebLive(r)}\n`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
