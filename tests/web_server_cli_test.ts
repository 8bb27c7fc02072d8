/** `roundup server` as a real process: listening, the access log, a graceful stop, bad starts. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function trackerHome(dir: string): Promise<string> {
  const home = join(dir, "t");
  await installTracker(home, {
    settings: {
      tracker_web: "http://127.0.0.1:8917/t/",
      mail_domain: "localhost",
      mail_host: "localhost",
    },
  });
  const t = await openTracker(home);
  await initialiseTracker(t, "admin");
  t.close();
  return home;
}

function run(args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "server", ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

async function waitFor(file: string, re: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 400; i++) {
    const text = await Deno.readTextFile(file).catch(() => "");
    const m = re.exec(text);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${file} never matched ${re}`);
}

Deno.test("roundup server serves a tracker under /NAME/, logs each request and stops on SIGTERM", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = await trackerHome(dir);
    const log = join(dir, "server.log");
    const child = run(["-p", "0", "-n", "127.0.0.1", "-l", log, `t=${home}`])
      .spawn();
    const port = (await waitFor(log, /started on 127\.0\.0\.1:(\d+)/))[1];
    const root = await fetch(`http://127.0.0.1:${port}/`, {
      redirect: "manual",
    });
    await root.body?.cancel();
    assert.equal(root.status, 302);
    assert.equal(root.headers.get("location"), `http://127.0.0.1:${port}/t/`);
    const home1 = await fetch(`http://127.0.0.1:${port}/t/`);
    const body = await home1.text();
    assert.equal(home1.status, 200);
    const missing = await fetch(`http://127.0.0.1:${port}/nosuch/`);
    await missing.body?.cancel();
    assert.equal(missing.status, 404);
    const line = await waitFor(
      log,
      /^127\.0\.0\.1 - - \[[^\]]+\] "GET \/t\/" 200 (\d+) \d+ms$/m,
    );
    assert.equal(Number(line[1]), new TextEncoder().encode(body).length);
    child.kill("SIGTERM");
    const status = await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert.equal(status.code, 0);
    assert.match(await Deno.readTextFile(log), /Roundup server stopped/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("roundup server says in one line what is wrong: missing home, bad option, port in use", async () => {
  const dir = await Deno.makeTempDir();
  const blocker = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const missing = await run(["-p", "0", `t=${join(dir, "none")}`]).output();
    assert.equal(missing.code, 1);
    const err = new TextDecoder().decode(missing.stderr);
    assert.match(err, /^roundup server: No tracker at ".*none"/);
    assert.equal(err.trim().split("\n").length, 1);
    const bad = await run(["-q"]).output();
    assert.equal(bad.code, 2);
    assert.match(new TextDecoder().decode(bad.stderr), /Unknown option '-q'/);
    const home = await trackerHome(dir);
    const busy = await run([
      "-p",
      String(blocker.addr.port),
      "-n",
      "127.0.0.1",
      `t=${home}`,
    ]).output();
    assert.equal(busy.code, 1);
    assert.match(new TextDecoder().decode(busy.stderr), /port is in use/);
  } finally {
    blocker.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("roundup server -s without -e serves HTTPS with a temporary certificate", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = await trackerHome(dir);
    const log = join(dir, "server.log");
    const child = run([
      "-s",
      "-p",
      "0",
      "-n",
      "127.0.0.1",
      "-l",
      log,
      `t=${home}`,
    ]).spawn();
    const port = (await waitFor(log, /started on 127\.0\.0\.1:(\d+)/))[1];
    const curl = await new Deno.Command("curl", {
      args: [
        "-sk",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{scheme}",
        `https://127.0.0.1:${port}/t/`,
      ],
    }).output();
    assert.equal(new TextDecoder().decode(curl.stdout), "200 HTTPS");
    child.kill("SIGTERM");
    assert.equal((await child.status).code, 0);
    await child.stdout.cancel();
    await child.stderr.cancel();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("roundup server -d PIDFILE -l LOG runs in the background", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = await trackerHome(dir);
    const log = join(dir, "server.log");
    const pidfile = join(dir, "server.pid");
    const out = await run([
      "-d",
      pidfile,
      "-l",
      log,
      "-p",
      "0",
      "-n",
      "127.0.0.1",
      `t=${home}`,
    ]).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const pid = Number((await Deno.readTextFile(pidfile)).trim());
    assert.ok(pid > 0);
    const port = (await waitFor(log, /started on 127\.0\.0\.1:(\d+)/))[1];
    const res = await fetch(`http://127.0.0.1:${port}/t/`);
    await res.body?.cancel();
    assert.equal(res.status, 200);
    // A second one on the same port stops at once and says why in its log.
    const log2 = join(dir, "second.log");
    const second = await run([
      "-d",
      join(dir, "second.pid"),
      "-l",
      log2,
      "-p",
      port!,
      "-n",
      "127.0.0.1",
      `t=${home}`,
    ]).output();
    assert.equal(second.code, 1);
    assert.match(
      new TextDecoder().decode(second.stderr),
      /did not start; see .*second\.log/,
    );
    assert.match(await Deno.readTextFile(log2), /port is in use/);
    Deno.kill(pid, "SIGTERM");
    await waitFor(log, /Roundup server stopped/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("roundup server -S -C FILE writes the ini file; -h prints the options", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ini = join(dir, "server.ini");
    const saved = await run([
      "-S",
      "-C",
      ini,
      "-p",
      "9123",
      "support=/srv/support",
    ]).output();
    assert.equal(saved.code, 0);
    assert.equal(
      new TextDecoder().decode(saved.stdout),
      `Configuration saved to ${ini}\n`,
    );
    const text = await Deno.readTextFile(ini);
    assert.match(text, /^port = 9123$/m);
    assert.match(text, /^support = \/srv\/support$/m);
    const help = await run(["-h"]).output();
    assert.equal(help.code, 0);
    const out = new TextDecoder().decode(help.stdout);
    for (const s of ["USAGE:", "OPTIONS:", "EXAMPLES:", "-d PIDFILE", "-s "]) {
      assert.ok(out.includes(s), s);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("roundup server -t fork serves from several threads, logs every request once and stops them all on SIGTERM", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = await trackerHome(dir);
    const log = join(dir, "server.log");
    const args = ["-t", "fork", "-p", "0", "-n", "127.0.0.1", "-l", log];
    const child = run([...args, `t=${home}`]).spawn();
    const m = await waitFor(
      log,
      /started on 127\.0\.0\.1:(\d+) \((\d+) threads\)/,
    );
    assert.ok(Number(m[2]) >= 2, `only ${m[2]} threads`);
    const seen = new Set<string>();
    let asked = 0;
    for (; asked < 60 && seen.size < 2; asked++) {
      // A new connection each time, so that the kernel may pick another thread.
      const r = await fetch(`http://127.0.0.1:${m[1]}/t/`, {
        headers: { connection: "close" },
      });
      await r.body?.cancel();
      assert.equal(r.status, 200);
      seen.add(r.headers.get("x-roundup-thread") ?? "none");
    }
    assert.ok(seen.size >= 2, `every request went to thread ${[...seen]}`);
    assert.ok(!seen.has("none"));
    const busy = await run([
      "-t",
      "fork",
      "-p",
      m[1]!,
      "-n",
      "127.0.0.1",
      `t=${home}`,
    ])
      .output();
    assert.equal(busy.code, 1, "a second server must not share the port");
    // A response under way when the signal comes is still sent whole.
    const open = await fetch(`http://127.0.0.1:${m[1]}/t/issue?@pagesize=50`);
    child.kill("SIGTERM");
    assert.match(await open.text(), /<\/html>\s*$/);
    const status = await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert.equal(status.code, 0);
    const text = await Deno.readTextFile(log);
    const lines = text.match(/"GET \/t\/" 200 /g) ?? [];
    assert.equal(lines.length, asked, "one log line per request");
    assert.match(text, /Roundup server stopped\n$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
