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
