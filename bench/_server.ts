/**
 * A real `roundup server` process for the load tests (bench/web.ts, bench/web_live.ts): started
 * on a free loopback port with the tracker's `[tracker] web` pointed at it (restored on stop),
 * and a session cookie got through the login form, as a browser gets one (Basic auth would hash
 * the password on every request).
 */
import { join } from "node:path";
import { parseConfigIni } from "../tracker/config.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const NAME = "bench";

/** A running bench server. */
export interface BenchServer {
  process: Deno.ChildProcess;
  /** "http://127.0.0.1:PORT". */
  origin: string;
  /** The tracker's base URL, origin + "/bench". */
  base: string;
  /** Stops the server (SIGTERM) and puts config.ini back. */
  stop(): Promise<void>;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  return port;
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

/** Starts `roundup server` on the tracker at `home`; `args` go before the tracker. */
export async function startBenchServer(
  home: string,
  opts: { args?: string[]; stderr?: "inherit" | "null" } = {},
): Promise<BenchServer> {
  const port = freePort();
  const origin = `http://127.0.0.1:${port}`;
  const base = `${origin}/${NAME}`;
  // The server checks Host and Origin against [tracker] web.
  const file = join(home, "config.ini");
  const before = await Deno.readTextFile(file);
  const config = parseConfigIni(before, { home, file });
  config.set("tracker", "web", `${base}/`);
  await Deno.writeTextFile(file, config.toIni());
  const process = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "server",
      "-p",
      String(port),
      "-n",
      "127.0.0.1",
      ...opts.args ?? [],
      `${NAME}=${home}`,
    ],
    stdout: "null",
    stderr: opts.stderr ?? "inherit",
  }).spawn();
  const stop = async () => {
    try {
      process.kill("SIGTERM");
    } catch { /* already gone */ }
    await process.status;
    await Deno.writeTextFile(file, before);
  };
  try {
    await waitUp(`${base}/`, process);
  } catch (e) {
    await stop();
    throw e;
  }
  return { process, origin, base, stop };
}

/** Logs in through the login form; returns the Cookie header of the session. */
export async function loginCookie(
  s: Pick<BenchServer, "base" | "origin">,
  user = "admin",
  password = "admin",
): Promise<string> {
  const home = await fetch(`${s.base}/`);
  const page = await home.text();
  const anon = home.headers.get("set-cookie")?.split(";")[0] ?? "";
  const csrf = /name="@csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  const res = await fetch(`${s.base}/`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: anon, origin: s.origin },
    body: new URLSearchParams({
      "@action": "login",
      "@csrf": csrf,
      __login_name: user,
      __login_password: password,
    }),
  });
  const text = await res.text();
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 302 || !cookie) {
    const why = /class="error-message"[^>]*>([^<]*)/.exec(text)?.[1] ?? "";
    throw new Error(
      `Cannot log in as ${user}: the server answered ${res.status} ${why}`,
    );
  }
  return cookie;
}
