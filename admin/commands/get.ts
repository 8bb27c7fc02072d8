import { UsageError } from "../../cli.ts";
import {
  classOf,
  designatorOf,
  handleOf,
  propOf,
  requireItem,
} from "../args.ts";
import { type Printed, printedValue, writeOut } from "../format.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "get",
  usage: "get property designator[,designator]*",
  help: `Print one property of one or more items.

A designator names an item: its class name followed by its id,
like issue12 or user3. Give several separated by commas; each
value is printed on its own line.

With -c, -s or -S a Link or Multilink gives its ids, and the ids of
one item's Multilink are joined by a comma, a space or the given
text; each item still gets a line of its own. For a Link or
Multilink property, -d prints designators (user3) instead of ids,
one per line unless a separator is given.`,
  async run(args, ctx) {
    if (args.length < 2) {
      throw new UsageError(
        "Too few arguments: give a property and one or more designators",
      );
    }
    const name = args[0]!;
    const lines: Printed[] = [];
    const tz = await ctx.timezone();
    for (const text of args[1]!.split(",")) {
      const { cls, id } = designatorOf(text);
      const def = await classOf(ctx, cls);
      const h = await handleOf(ctx, cls);
      await requireItem(h, id);
      const prop = propOf(def, name);
      const linky = prop.type === "Link" || prop.type === "Multilink";
      if (ctx.designators && !linky) {
        throw new UsageError(
          `Property "${name}" is not a Link or Multilink, so -d does not apply to it`,
        );
      }
      if (!linky || (ctx.separator === null && !ctx.designators)) {
        lines.push(await printedValue(h, id, { prop, tz }));
        continue;
      }
      // Read here only: printedValue() reads the other values itself (a file's content once).
      const value = await h.get(id, name);
      const ids = prop.type === "Link"
        ? (value ? [String(value)] : [])
        : (value as string[]);
      const items = ctx.designators ? ids.map((i) => prop.class + i) : ids;
      // As in Roundup, the separator joins one item's links; items stay on lines of their own.
      lines.push(items.join(ctx.separator ?? "\n"));
    }
    writeOut(ctx.io, lines.flatMap((l) => [l, "\n"]));
    return 0;
  },
};
