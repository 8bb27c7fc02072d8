/** `roundup demo [HOME]`: a classic tracker with sample data, created on first use. */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import type { Command } from "../cli.ts";
import {
  initialiseTracker,
  installTracker,
  isTrackerHome,
  openTracker,
} from "./home.ts";
import { loadSampleData } from "./sample_data.ts";

const PORT = 8917;

/** Creates the demo tracker at `home` unless one is there; returns true when it was created. */
export async function ensureDemo(home: string): Promise<boolean> {
  if (await isTrackerHome(home)) return false;
  await installTracker(home, {
    template: "classic",
    settings: {
      tracker_web: `http://localhost:${PORT}/demo/`,
      tracker_name: "Roundup demo",
      mail_domain: "localhost",
      mail_host: "localhost",
      // The demo sends no real mail: nosy messages are appended to this file in the home.
      mail_debug: "mail-debug.txt",
    },
  });
  const t = await openTracker(home);
  try {
    await initialiseTracker(t, "admin");
    await loadSampleData(t.db);
  } finally {
    t.close();
  }
  return true;
}

/** Serves a tracker home as /demo/ on a port (the web server is passed in: tracker/ cannot import it). */
export type DemoServe = (
  home: string,
  port: number,
  log: (line: string) => void,
) => Promise<number>;

/** The `demo` command; with `serve` it also serves the tracker at http://localhost:8917/demo/. */
export function demoCommandWith(serve?: DemoServe): Command {
  return {
    name: "demo",
    summary: "create (if absent) and serve a demo tracker with sample data",
    usage: "roundup demo [--no-serve] [HOME]",
    async run(args, ctx) {
      const { positionals, values } = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: { "no-serve": { type: "boolean" } },
      });
      const home = resolve(positionals[0] ?? "demo");
      const created = await ensureDemo(home);
      ctx.io.out(
        `${created ? "Created" : "Using"} the demo tracker in ${home}\n` +
          `Log in as admin (password "admin") or alice, bob, carol (password = username).\n` +
          `Try: roundup admin -i ${home} list issue\n`,
      );
      if (!serve || values["no-serve"]) return 0;
      ctx.io.out(
        `Open http://localhost:${PORT}/demo/ in a browser; stop the server with Ctrl-C.\n`,
      );
      return await serve(home, PORT, (line) => ctx.io.err(line + "\n"));
    },
  };
}

/** The `demo` command without the web server (creates the tracker only). */
export const demoCommand: Command = demoCommandWith();
