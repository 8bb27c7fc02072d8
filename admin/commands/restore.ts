import { checkedItems } from "../args.ts";
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
    const items = await checkedItems(ctx, args[0], {
      permission: "Restore",
      wantRetired: true,
      wrongState: "it is not retired",
    });
    for (const { h, id } of items) await h.restore(id);
    return 0;
  },
};
