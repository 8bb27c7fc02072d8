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

export const demoCommand: Command = {
  name: "demo",
  summary: "create (if absent) and open a demo tracker with sample data",
  usage: "roundup demo [HOME]",
  async run(args, ctx) {
    const { positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
    });
    const home = resolve(positionals[0] ?? "demo");
    const created = await ensureDemo(home);
    ctx.io.out(
      `${created ? "Created" : "Using"} the demo tracker in ${home}\n` +
        `Log in as admin (password "admin") or alice, bob, carol (password = username).\n` +
        `Try: roundup admin -i ${home} list issue\n`,
    );
    return 0;
  },
};
