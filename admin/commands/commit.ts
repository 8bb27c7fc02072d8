import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "commit",
  usage: "commit",
  help: `Save the changes made so far in this shell session.

The interactive shell holds every change until you commit it (or
throw it away with rollback). A one-off command given on the command
line is saved by itself when it succeeds; when it fails, nothing it
did is saved.`,
  async run(_args, ctx) {
    await ctx.commit();
    return 0;
  },
};
