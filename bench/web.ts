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
import { parseConfigIni } from "../tracker/config.ts";
import { type LoadResult, runLoad } from "./_load.ts";

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

const NAME = "bench";
const MAIN = new URL("../main.ts", import.meta.url).pathname;

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function setWeb(home: string, web: string): Promise<void> {
  const file = join(home, "config.ini");
  const config = parseConfigIni(await Deno.readTextFile(file), { home, file });
  config.set("tracker", "web", web);
  await Deno.writeTextFile(file, config.toIni());
}

/** CPU time (user + system, ms) of a process so far, from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(f[11]) + Number(f[12]);
  return ticks * 10;
}

async function waitUp(url: string, server: Deno.ChildProcess): Promise<void> {
  let exited = false;
  server.status.then(() => (exited = true));
  for (let i = 0; i < 600; i++) {
    if (exited) throw new Error("Cannot start roundup server: it exited");
    try {
      (await fetch(url)).body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Cannot reach roundup server at ${url} after 60 s`);
}

/** Logs in as admin through the login form; returns the Cookie header of the session. */
async function login(base: string, origin: string): Promise<string> {
  const home = await fetch(`${base}/`);
  const page = await home.text();
  const anon = home.headers.get("set-cookie")?.split(";")[0] ?? "";
  const csrf = /name="@csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  const res = await fetch(`${base}/`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: anon, origin },
    body: new URLSearchParams({
      "@action": "login",
      "@csrf": csrf,
      __login_name: "admin",
      __login_password: "admin",
    }),
  });
  await res.body?.cancel();
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 302 || !cookie) {
    throw new Error(
      `Cannot log in as admin: the server answered ${res.status}`,
    );
  }
  return cookie;
}

/** One measured page kind. */
export interface WebFigure extends LoadResult {
  what: string;
  serverCpuMsPerPage: number;
}

/** Runs the web load test; returns the figures (also printed). */
export async function benchWeb(o: WebBenchOptions): Promise<WebFigure[]> {
  const port = freePort();
  const origin = `http://127.0.0.1:${port}`;
  const base = `${origin}/${NAME}`;
  await setWeb(o.home, `${base}/`);
  const server = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "server",
      "-p",
      String(port),
      "-n",
      "127.0.0.1",
      "-l",
      join(o.home, "bench-access.log"),
      `${NAME}=${o.home}`,
    ],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const figures: WebFigure[] = [];
  try {
    await waitUp(`${base}/`, server);
    const cookie = await login(base, origin);
    const item = await (await fetch(`${base}/issue${o.itemId}`, {
      headers: { cookie },
    })).text();
    const shown = item.match(/class="msgtext"/g)?.length ?? 0;
    if (shown !== 2) {
      throw new Error(`issue${o.itemId} shows ${shown} messages, expected 2`);
    }
    const pages: Array<[string, string]> = [
      ["issue index (50 rows, default columns)", `${base}/issue`],
      [`item page (issue${o.itemId}, 2 messages)`, `${base}/issue${o.itemId}`],
      [
        `index with @search_text=${o.searchWord} (first 50 by activity)`,
        `${base}/issue?@search_text=${encodeURIComponent(o.searchWord)}`,
      ],
    ];
    const spec = { connections: o.connections ?? 8, headers: { cookie } };
    for (const [what, url] of pages) {
      // Warm up (JIT, caches), then measure.
      await runLoad({ ...spec, url, seconds: 2 });
      const cpu0 = await cpuMs(server.pid);
      const r = await runLoad({ ...spec, url, seconds: o.seconds ?? 10 });
      const cpu = await cpuMs(server.pid) - cpu0;
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
    server.kill("SIGTERM");
    await server.status;
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
