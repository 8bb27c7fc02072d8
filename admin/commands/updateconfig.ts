import { UsageError } from "../../cli.ts";
import type { AdminCommand } from "../types.ts";

const OLD_ROUNDS = 10000;
const NEW_ROUNDS = 250000;

export const command: AdminCommand = {
  name: "updateconfig",
  usage: "updateconfig <filename>",
  help: `Write the tracker's configuration, brought up to date, to a file.

The file gets every option this version knows, with the tracker's
own values kept and new options at their defaults. A password
hashing rounds setting still at the old default of 10000 is raised
to the new default, and a lower one is reported.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give the file to write");
    }
    const config = (await ctx.tracker()).config;
    const rounds = config.getInt("main", "password_pbkdf2_default_rounds");
    ctx.io.out("\n");
    if (rounds === OLD_ROUNDS) {
      config.set("main", "password_pbkdf2_default_rounds", String(NEW_ROUNDS));
      ctx.io.out(
        `Raised password_pbkdf2_default_rounds from the old default of ${OLD_ROUNDS}\nto the new default of ${NEW_ROUNDS}.\n`,
      );
    } else if (rounds < NEW_ROUNDS) {
      ctx.io.out(
        `Consider raising password_pbkdf2_default_rounds to ${NEW_ROUNDS} or more.\n\n`,
      );
    }
    await Deno.writeTextFile(args[0]!, config.toIni());
    return 0;
  },
};
