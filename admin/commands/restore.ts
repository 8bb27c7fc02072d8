import { UsageError } from "../../cli.ts";
import { classOf, designatorOf, handleOf, requireItem } from "../args.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "restore",
  usage: "restore designator[,designator]*",
  help: `Bring back one or more retired items.

A designator names an item: its class name followed by its id,
like issue12 or user3. Give several separated by commas.

The items show up in lists and searches again. An item whose key
value has been taken by another item meanwhile cannot be restored.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give one or more designators");
    }
    const items = [];
    for (const text of args[0]!.split(",")) {
      const { cls, id } = designatorOf(text);
      await classOf(ctx, cls);
      const h = await handleOf(ctx, cls);
      await requireItem(h, id);
      if (!(await h.isRetired(id))) {
        throw new UsageError(`Cannot restore ${cls}${id}: it is not retired`);
      }
      await ctx.requirePermission("Restore", cls, { itemId: id });
      items.push({ h, id });
    }
    for (const { h, id } of items) await h.restore(id);
    return 0;
  },
};
