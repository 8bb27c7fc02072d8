import { checkedItems } from "../args.ts";
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
    const items = await checkedItems(ctx, args[0], {
      permission: "Retire",
      wantRetired: false,
      wrongState: "it is retired already",
    });
    for (const { h, id } of items) await h.retire(id);
    return 0;
  },
};
