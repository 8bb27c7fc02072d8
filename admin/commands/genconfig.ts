import { UsageError } from "../../cli.ts";
import { renderConfigIni } from "../../tracker/config.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "genconfig",
  usage: "genconfig filename",
  help:
    `Write a new tracker configuration file with every option at its default.

Options that have no default are left commented out and listed at
the top of the file. No tracker is needed. See also updateconfig.`,
  async run(args) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give the file to write");
    }
    await Deno.writeTextFile(args[0]!, renderConfigIni());
    return 0;
  },
};
