/** A real classic tracker with the demo's sample data in a temp dir, for the web tests. */
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  openTracker,
  type Tracker,
} from "../tracker/home.ts";
import { loadSampleData } from "../tracker/sample_data.ts";
import type { Hono } from "hono";
import { createApp } from "./app.ts";
import type { AppOptions, Env } from "./context.ts";

/** The URL the test trackers claim in `[tracker] web`. */
export const TEST_WEB = "http://localhost:8917/demo/";

/** A fresh tracker and its app under /demo; `close()` removes everything. */
export async function testTracker(
  settings: Record<string, string> = {},
  opts: AppOptions = {},
): Promise<
  { t: Tracker; app: Hono<Env>; home: string; close(): Promise<void> }
> {
  const home = await Deno.makeTempDir({ prefix: "roundup-web-" });
  await installTracker(join(home, "t"), {
    template: "classic",
    settings: {
      tracker_web: TEST_WEB,
      tracker_name: "Test tracker",
      mail_domain: "localhost",
      mail_host: "localhost",
      mail_debug: "mail-debug.txt",
      ...settings,
    },
  });
  const t = await openTracker(join(home, "t"));
  await initialiseTracker(t, "admin");
  await loadSampleData(t.db);
  const app = createApp(t, { base: "/demo", ...opts });
  return {
    t,
    app,
    home,
    async close() {
      t.close();
      await Deno.remove(home, { recursive: true });
    },
  };
}

/** A browser stand-in for app.request(): keeps the session cookie, reads @csrf tokens from pages. */
export class TestClient {
  cookie = "";
  #app: Hono<Env>;
  origin = "http://localhost:8917";

  constructor(app: Hono<Env>) {
    this.#app = app;
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    const res = await this.#app.request(this.origin + path, {
      ...init,
      headers,
      redirect: "manual",
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      this.cookie = /=$/.test(pair!) || /Max-Age=0/i.test(c) ? "" : pair!;
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** The @csrf token of the first form on a page. */
  async csrf(path: string): Promise<string> {
    const text = await (await this.get(path)).text();
    const m = /name="@csrf" value="([^"]*)"/.exec(text);
    if (!m) throw new Error(`No @csrf field on ${path}`);
    return m[1]!;
  }

  /** Posts a multipart form (File values become uploads). */
  post(
    path: string,
    fields: Record<string, string | File>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    return this.request(path, {
      method: "POST",
      body: fd,
      headers: { origin: this.origin, referer: this.origin + path, ...headers },
    });
  }

  /** Logs in through the login box. */
  async login(name: string, password: string): Promise<Response> {
    const token = await this.csrf("/demo/");
    return await this.post("/demo/", {
      "@action": "login",
      "@csrf": token,
      __login_name: name,
      __login_password: password,
      __came_from: "/demo/",
    });
  }
}
