/** `-d PIDFILE`: start the same server as a detached process and wait until it has written its pid. */
import type { CommandContext } from "../cli.ts";
import type { ServerOptions } from "./options.ts";

/** Starts `roundup server ARGS -D` in the background; 0 once its pid file exists, 1 if it died. */
export async function startInBackground(
  args: string[],
  o: ServerOptions,
  ctx: CommandContext,
): Promise<number> {
  await Deno.remove(o.pidfile).catch(() => {});
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-kv",
      Deno.mainModule,
      "server",
      ...args,
      "-D",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  child.unref();
  let exited: Deno.CommandStatus | null = null;
  child.status.then((s) => (exited = s));
  for (let i = 0; i < 300; i++) {
    try {
      const pid = (await Deno.readTextFile(o.pidfile)).trim();
      ctx.io.out(
        `Roundup server started in the background, process ${pid}; log in ${o.logfile}\n`,
      );
      return 0;
    } catch {
      // not written yet
    }
    if (exited) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  ctx.io.err(
    `roundup server: the background server did not start; see ${o.logfile}\n`,
  );
  return 1;
}
