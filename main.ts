/**
 * @module
 * The roundup program: `roundup admin|server|mailgw|demo|version|help ARGS`.
 */
import {
  type Command,
  type CommandContext,
  processIo,
  VERSION,
} from "./cli.ts";
import { adminCommand } from "./admin/mod.ts";
import { mailgwCommand } from "./mailgw/mod.ts";
import { demoCommandWith } from "./tracker/demo.ts";
import { serveDemo, serverCommand } from "./server/mod.ts";

const versionCommand: Command = {
  name: "version",
  summary: "print the version",
  usage: "roundup version",
  run(_args, ctx) {
    ctx.io.out(`roundup ${VERSION} (Deno ${Deno.version.deno})\n`);
    return Promise.resolve(0);
  },
};

export const COMMANDS: Command[] = [
  adminCommand,
  serverCommand,
  mailgwCommand,
  demoCommandWith(serveDemo),
  versionCommand,
];

function help(ctx: CommandContext): number {
  ctx.io.out(
    "USAGE:\n  roundup COMMAND [ARGS]\n\nCOMMANDS:\n" +
      COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}\n`).join("") +
      "  help     show this help\n\nEXAMPLES:\n  roundup admin -i ./demo list issue\n  roundup demo\n",
  );
  return 0;
}

/** Runs one subcommand and returns its exit status. */
export async function main(
  argv: string[],
  ctx: CommandContext,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "-h" || name === "--help") {
    return help(ctx);
  }
  if (name === "--version") return await versionCommand.run([], ctx);
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    ctx.io.err(
      `roundup: unknown command "${name}"; run "roundup help" for the list\n`,
    );
    return 2;
  }
  return await cmd.run(rest, ctx);
}

if (import.meta.main) {
  const code = await main(Deno.args, {
    io: processIo(),
    env: Deno.env.toObject(),
  });
  Deno.exit(code);
}
