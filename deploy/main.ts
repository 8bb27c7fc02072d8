/**
 * The Deno Deploy entry: serves the tracker configured by the environment (see mod.ts) on
 * hosted KV and polls its mail source from a cron job. Runs on Deno 2.5 with deno.json alone.
 */
import { startDeploy } from "./mod.ts";

function log(line: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
}

const deployed = await startDeploy(await Deno.openKv(), Deno.env.toObject(), {
  log,
});

/** The cron job's handler, exported so a test can run one poll directly. */
export async function pollMail(): Promise<void> {
  try {
    const r = await deployed.pollMail?.();
    if (r) log(`mailgw: ${r.handled} handled, ${r.failed} failed`);
  } catch (e) {
    // The next run tries again; the mail stays on the server.
    log(`mailgw: ${e instanceof Error ? e.message : e}`);
  }
}

if (deployed.pollMail) {
  Deno.cron("roundup mailgw", deployed.schedule, pollMail);
}

Deno.serve({
  port: Number(Deno.env.get("PORT") || 8000),
  onListen: ({ hostname, port }) => log(`listening on ${hostname}:${port}`),
}, deployed.fetch);
