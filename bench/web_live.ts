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

const MAIN = new URL("../main.ts", import.meta.url).pathname;

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

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
}

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(url);
      await r.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`The server at ${url} did not start`);
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

function cookieOf(res: Response, jar: Map<string, string>): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const [k, v] = pair!.split("=");
    if (v) jar.set(k!, v);
    else jar.delete(k!);
  }
}

/** Logs in through the login form (Basic auth would hash the password on every request). */
async function sessionCookie(
  base: string,
  origin: string,
  user: string,
  password: string,
): Promise<string> {
  const jar = new Map<string, string>();
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const page = await fetch(`${base}/`);
  cookieOf(page, jar);
  const csrf = /name="@csrf" value="([^"]*)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error("The login form has no @csrf token");
  const res = await fetch(`${base}/`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: header(), origin, referer: `${origin}/` },
    body: new URLSearchParams({
      "@action": "login",
      "@csrf": csrf,
      __login_name: user,
      __login_password: password,
      __came_from: `${base}/`,
    }),
  });
  cookieOf(res, jar);
  const text = await res.text();
  if (res.status !== 302) {
    const why = /class="error-message"[^>]*>([^<]*)/.exec(text)?.[1];
    throw new Error(`Login failed with status ${res.status}: ${why}`);
  }
  return header();
}

/** Runs the comparison against a server process on the tracker at `home`. */
export async function benchWebLive(
  home: string,
  opts: { subscribers?: number; seconds?: number; password?: string } = {},
): Promise<WebLiveBench> {
  const port = freePort();
  // The server checks Host and Origin against [tracker] web: point it at this port meanwhile.
  const iniPath = join(home, "config.ini");
  const ini = await Deno.readTextFile(iniPath);
  await Deno.writeTextFile(
    iniPath,
    ini.replace(/^web\s*=.*$/m, `web = http://127.0.0.1:${port}/bench/`),
  );
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
      `bench=${home}`,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const base = `http://127.0.0.1:${port}/bench`;
  const index =
    `${base}/issue?@columns=id,activity,title,creator,status&@sort=-activity&@pagesize=50`;
  const ms = (opts.seconds ?? Number(Deno.env.get("BENCH_LIVE_SECONDS") ?? 8)) *
    1000;
  const n = opts.subscribers ?? 200;
  try {
    await waitUp(`${base}/`);
    const headers = {
      cookie: await sessionCookie(
        base,
        `http://127.0.0.1:${port}`,
        "admin",
        opts.password ?? "admin",
      ),
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
    server.kill("SIGTERM");
    await server.status;
    await Deno.writeTextFile(iniPath, ini);
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
