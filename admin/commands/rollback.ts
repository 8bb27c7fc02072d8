import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "rollback",
  usage: "rollback",
  help: `Throw away the changes not yet committed.

Everything changed in this shell session since the last commit is
forgotten, so a commit right after this saves nothing.`,
  async run(_args, ctx) {
    await ctx.session();
    ctx.rollback();
    return 0;
  },
};
