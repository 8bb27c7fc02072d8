/**
 * Helpers of the Web II browser tests: a real classic tracker with the demo's sample data served
 * on a loopback port, headless Chromium (Debian's; a missing browser fails under CI=true), real
 * `roundup admin` and `roundup mailgw` processes on the same tracker home.
 */
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import {
  initialiseTracker,
  installTracker,
  openTracker,
  type Tracker,
} from "../tracker/home.ts";
import { loadSampleData } from "../tracker/sample_data.ts";
import { serveTrackers } from "../server/mod.ts";

export const CHROMIUM = "/usr/bin/chromium";
const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** True when the browser tests can run; under CI=true a missing browser is an error. */
export async function browserPresent(): Promise<boolean> {
  const ok = await Deno.stat(CHROMIUM).then(() => true, () => false);
  if (!ok && Deno.env.get("CI") === "true") {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests cannot run under CI`,
    );
  }
  if (!ok) {
    // deno-lint-ignore no-console
    console.warn(
      `Skipping the Web II browser tests: ${CHROMIUM} is not installed`,
    );
  }
  return ok;
}

/** A served tracker and a browser. */
export interface Web2Env {
  /** "http://127.0.0.1:PORT/demo". */
  base: string;
  home: string;
  tracker: Tracker;
  browser: Browser;
}

/** Runs `fn` with a fresh served tracker and a browser; removes everything afterwards. */
export async function withWeb2(
  fn: (env: Web2Env) => Promise<void>,
  settings: Record<string, string> = {},
  /** config.ini options to set: { markdown: { render_messages: "yes" } }. */
  ini: Record<string, Record<string, string>> = {},
): Promise<void> {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  const dir = await Deno.makeTempDir({ prefix: "roundup-web2-" });
  const base = `http://127.0.0.1:${port}/demo`;
  const home = join(dir, "t");
  await installTracker(home, {
    settings: {
      tracker_web: `${base}/`,
      tracker_name: "Web II test",
      tracker_email: "issues@example.com",
      mail_domain: "example.com",
      mail_host: "localhost",
      mail_debug: "mail.txt",
      ...settings,
    },
  });
  await setIni(join(home, "config.ini"), ini);
  const tracker = await openTracker(home);
  await initialiseTracker(tracker, "admin");
  await loadSampleData(tracker.db);
  const stop = new AbortController();
  const listening = Promise.withResolvers<void>();
  const served = serveTrackers([["demo", tracker]], {
    host: "127.0.0.1",
    port,
    log: () => {},
    signal: stop.signal,
    onListen: () => listening.resolve(),
  });
  await listening.promise;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
  });
  try {
    await fn({ base, home, tracker, browser });
  } finally {
    await browser.close();
    stop.abort();
    await served;
    await Deno.remove(dir, { recursive: true });
  }
}

/** Sets options in a config.ini, in their section (replacing a line that sets them). */
async function setIni(
  path: string,
  ini: Record<string, Record<string, string>>,
): Promise<void> {
  const lines = (await Deno.readTextFile(path)).split("\n");
  for (const [section, options] of Object.entries(ini)) {
    let at = lines.indexOf(`[${section}]`);
    if (at < 0) at = lines.push("", `[${section}]`) - 1;
    let end = lines.findIndex((l, i) => i > at && l.startsWith("["));
    if (end < 0) end = lines.length;
    for (const [name, value] of Object.entries(options)) {
      const i = lines.findIndex((l, j) =>
        j > at && j < end && new RegExp(`^${name}\\s*=`).test(l)
      );
      if (i >= 0) lines[i] = `${name} = ${value}`;
      else lines.splice(at + 1, 0, `${name} = ${value}`), end++;
    }
  }
  await Deno.writeTextFile(path, lines.join("\n"));
}

/** Logs in through the menu's login box. */
export async function login(
  page: Page,
  base: string,
  user = "admin",
  pw = user,
) {
  await page.goto(`${base}/`);
  await page.fill("input[name=__login_name]", user);
  await page.fill("input[name=__login_password]", pw);
  await Promise.all([
    page.waitForNavigation(),
    page.click("nav.menu button:has-text('Login')"),
  ]);
}

/** Waits until the page's islands are hydrated. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForSelector("html[data-islands=ready]", { timeout: 10_000 });
}

/** Runs `roundup ARGS` as a real process; stdin text optional. */
export async function roundup(
  args: string[],
  stdin?: string,
): Promise<{ code: number; out: string; err: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1" },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const r = await child.output();
  return {
    code: r.code,
    out: new TextDecoder().decode(r.stdout),
    err: new TextDecoder().decode(r.stderr),
  };
}

/** Where screenshots go: docs/screenshots/ when missing or UPDATE_SCREENSHOTS=1, else a temp dir. */
export async function screenshotPath(name: string): Promise<string> {
  const docs = new URL(`../docs/screenshots/${name}.png`, import.meta.url)
    .pathname;
  const exists = await Deno.stat(docs).then(() => true, () => false);
  if (!exists || Deno.env.get("UPDATE_SCREENSHOTS") === "1") return docs;
  const dir = await Deno.makeTempDir({ prefix: "roundup-shots-" });
  return join(dir, `${name}.png`);
}
