import { UsageError } from "../../cli.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "readline",
  usage: "readline initrc_line | 'emacs' | 'history' | 'reload' | 'vi'",
  help: `Show the shell's command history, or set up line editing.

"readline history" prints the lines entered in this shell session,
numbered. This shell reads plain lines without a line-editing
library, so emacs, vi, reload and init file lines have no effect;
they are reported and otherwise ignored.`,
  run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError(
        "Too few arguments: give history, emacs, vi, reload or an init file line",
      );
    }
    if (args.length === 1 && args[0] === "history") {
      const lines = ctx.history.map((l, i) =>
        `${String(i + 1).padStart(3)} ${l}\n`
      ).join("");
      ctx.io.out(`history size ${ctx.history.length}\n${lines}`);
    } else {
      ctx.io.out("Line editing is not available in this shell.\n");
    }
    return Promise.resolve(0);
  },
};
