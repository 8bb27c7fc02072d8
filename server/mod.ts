/**
 * @module
 * The web server: `roundup server` (roundup-server's command line), `createApp(tracker)` (one
 * tracker's Hono app with sessions, CSRF, permissions and Roundup's URLs and forms), and serving
 * several trackers under /NAME/ with an access log and a graceful stop.
 */
import { resolve } from "node:path";
import { openTracker } from "../tracker/home.ts";
import { serveTrackers } from "./serve.ts";

/** The `server` subcommand. */
export { serverCommand } from "./command.ts";
/** Builds one tracker's web app. */
export { createApp } from "./app.ts";
/** Options and request variables of a tracker app. */
export type { AppOptions, Env } from "./context.ts";
/** Serves open trackers until stopped. */
export { type ServeOptions, serveTrackers } from "./serve.ts";

/** Serves the tracker at `home` as /demo/ on localhost:`port` (for `roundup demo`). */
export async function serveDemo(
  home: string,
  port: number,
  log: (line: string) => void,
): Promise<number> {
  const t = await openTracker(resolve(home));
  try {
    return await serveTrackers([["demo", t]], { host: "localhost", port, log });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    t.close();
    log(
      `roundup demo: ${e.message}; stop it, or serve the demo on another port with ` +
        `"roundup server -p PORT demo=${home}" after setting [tracker] web in its config.ini to match`,
    );
    return 1;
  }
}
