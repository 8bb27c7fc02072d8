/**
 * The web load test: starts `roundup server` on a bench tracker as a process of its own (as a
 * user runs it), logs in through the login form, and drives loopback load (bench/_load.ts, in a
 * third process) at the issue index, an item page with two messages and a full-text index.
 * Prints pages/s, p50 and p99, the server's CPU time per page and the load average.
 *
 * Run alone on a tracker built by bench/build.ts (it is copied first; the server writes sessions):
 *   deno run -A bench/web.ts /tmp/bench100k-new/tracker [searchWord]
 */
import { join } from "node:path";
import { type LoadResult, runLoad } from "./_load.ts";
import { loginCookie, startBenchServer } from "./_server.ts";

/** What to measure. */
export interface WebBenchOptions {
  /** The tracker home; its config.ini gets [tracker] web set to the bench's address. */
  home: string;
  /** An issue with two messages. */
  itemId: string;
  /** A word found in many messages, for the `@search_text` index. */
  searchWord: string;
  connections?: number;
  seconds?: number;
  print: (line: string) => void;
}

/** CPU time (user + system, ms) of a process so far, from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(f[11]) + Number(f[12]);
  return ticks * 10;
}

/**
 * Changes an issue's title `rate` times a second in a worker with a tracker handle of its own
 * (as `roundup admin` or the mail gateway would), until stopped; stop() answers how many.
 */
function startWriter(home: string, itemId: string, rate: number) {
  const worker = new Worker(new URL("./_writer.ts", import.meta.url), {
    type: "module",
  });
  worker.postMessage({ home, itemId, rate });
  return {
    stop: () =>
      new Promise<number>((resolve) => {
        worker.onmessage = (e: MessageEvent<number>) => {
          worker.terminate();
          resolve(e.data);
        };
        worker.postMessage("stop");
      }),
  };
}

/** One measured page kind. */
export interface WebFigure extends LoadResult {
  what: string;
  serverCpuMsPerPage: number;
}

/** Runs the web load test; returns the figures (also printed). */
export async function benchWeb(o: WebBenchOptions): Promise<WebFigure[]> {
  const srv = await startBenchServer(o.home, {
    args: ["-l", join(o.home, "bench-access.log")],
  });
  const { base, process: server } = srv;
  const figures: WebFigure[] = [];
  try {
    const cookie = await loginCookie(srv);
    const item = await (await fetch(`${base}/issue${o.itemId}`, {
      headers: { cookie },
    })).text();
    const shown = item.match(/class="msgtext"/g)?.length ?? 0;
    if (shown !== 2) {
      throw new Error(`issue${o.itemId} shows ${shown} messages, expected 2`);
    }
    const index = `${base}/issue`;
    const itemUrl = `${base}/issue${o.itemId}`;
    // [what, url, changes per second made meanwhile by another process]
    const pages: Array<[string, string, number]> = [
      ["issue index (50 rows, default columns)", index, 0],
      [`item page (issue${o.itemId}, 2 messages)`, itemUrl, 0],
      [
        `index with @search_text=${o.searchWord} (first 50 by activity)`,
        `${base}/issue?@search_text=${encodeURIComponent(o.searchWord)}`,
        0,
      ],
      // Pages are kept until the store changes (server/view_cache.ts): with changes coming in,
      // pages are computed again after each one.
      ["issue index, 10 changes/s by another process", index, 10],
      ["item page, 10 changes/s by another process", itemUrl, 10],
      [
        `index with @search_text=${o.searchWord}, 10 changes/s by another process`,
        `${base}/issue?@search_text=${encodeURIComponent(o.searchWord)}`,
        10,
      ],
      ["issue index, 100 changes/s by another process", index, 100],
    ];
    const spec = { connections: o.connections ?? 8, headers: { cookie } };
    for (const [what, url, rate] of pages) {
      // Warm up (JIT, caches), then measure.
      await runLoad({ ...spec, url, seconds: 2 });
      const writer = rate ? startWriter(o.home, o.itemId, rate) : null;
      const cpu0 = await cpuMs(server.pid);
      const r = await runLoad({ ...spec, url, seconds: o.seconds ?? 10 });
      const cpu = await cpuMs(server.pid) - cpu0;
      const changes = await writer?.stop();
      if (writer && changes! < rate * (o.seconds ?? 10) / 2) {
        throw new Error(`The writer made only ${changes} changes`);
      }
      const f = {
        what,
        ...r,
        serverCpuMsPerPage: cpu / Math.max(1, r.requests),
      };
      figures.push(f);
      o.print(
        `web ${what}: ${
          f.perSecond.toFixed(0)
        } pages/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms` +
          ` (${
            o.connections ?? 8
          } connections, ${f.failed} failed; server CPU ${
            f.serverCpuMsPerPage.toFixed(2)
          } ms/page, load generator CPU ${
            (f.generatorCpuMs / 1000 / (o.seconds ?? 10) * 100).toFixed(0)
          }% of a core; load average ${Deno.loadavg()[0]!.toFixed(1)})`,
      );
    }
  } finally {
    await srv.stop();
  }
  return figures;
}

if (import.meta.main) {
  const src = Deno.args[0];
  if (!src) {
    throw new Error(
      "Usage: deno run -A bench/web.ts TRACKER_HOME [searchWord]",
    );
  }
  const dir = await Deno.makeTempDir({ prefix: "roundup-webbench-" });
  const home = join(dir, "tracker");
  const cp = await new Deno.Command("cp", { args: ["-r", src, home] }).output();
  if (!cp.success) throw new Error(`Cannot copy ${src} to ${home}`);
  try {
    await benchWeb({
      home,
      itemId: Deno.env.get("BENCH_ITEM") ?? "5000",
      searchWord: Deno.args[1] ?? "tenpercent",
      seconds: Number(Deno.env.get("BENCH_WEB_SECONDS") ?? 10),
      print: (line) =>
        Deno.stdout.writeSync(new TextEncoder().encode(line + "\n")),
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
