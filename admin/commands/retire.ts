import { UsageError } from "../../cli.ts";
import { classOf, designatorOf, handleOf, requireItem } from "../args.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "retire",
  usage: "retire designator[,designator]*",
  help: `Retire one or more items.

A designator names an item: its class name followed by its id,
like issue12 or user3. Give several separated by commas.

A retired item keeps its id and data but no longer shows up in
list, find or filter, and its key value may be used again. Use
restore to bring it back. Naming an item that does not exist, or is
retired already, is an error and retires nothing.`,
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
      if (await h.isRetired(id)) {
        throw new UsageError(
          `Cannot retire ${cls}${id}: it is retired already`,
        );
      }
      await ctx.requirePermission("Retire", cls, { itemId: id });
      items.push({ h, id });
    }
    for (const { h, id } of items) await h.retire(id);
    return 0;
  },
};
