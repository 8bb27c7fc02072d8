import { UsageError } from "../../cli.ts";
import { classOf, handleOf, labelProp, propOf, shownIds } from "../args.ts";
import { type Printed, printedValue, writeOut } from "../format.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "list",
  usage: "list classname [property]",
  help: `List the items of a class, one per line as "id: value".

Without a property the class's label property is shown: its key
property, else "name", else "title", else the alphabetically first
property.

With -c, -s or -S the output is one line: the ids joined by the
separator, or, when a property is given, that property's values.
The show_retired pragma decides whether retired items are listed.`,
  async run(args, ctx) {
    if (args.length > 2) {
      throw new UsageError(
        "Too many arguments: give a class name and at most one property",
      );
    }
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give a class name");
    }
    const def = await classOf(ctx, args[0]!);
    const name = args[1] ?? await labelProp(ctx, def);
    const prop = propOf(def, name);
    const h = await handleOf(ctx, def.name);
    const ids = await shownIds(ctx, h);
    const tz = await ctx.timezone();
    const value = (id: string) => printedValue(h, id, { prop, tz });
    const parts: Printed[] = [];
    if (ctx.separator !== null) {
      const items = args.length === 2 ? await Promise.all(ids.map(value)) : ids;
      for (const [i, item] of items.entries()) {
        parts.push(i ? ctx.separator : "", item);
      }
      writeOut(ctx.io, [...parts, "\n"]);
      return 0;
    }
    for (const id of ids) {
      parts.push(`${id.padStart(4)}: `, await value(id), "\n");
    }
    writeOut(ctx.io, parts);
    return 0;
  },
};
