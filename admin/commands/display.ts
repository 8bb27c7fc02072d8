import { UsageError } from "../../cli.ts";
import {
  classOf,
  classProps,
  designatorOf,
  handleOf,
  propOf,
  requireItem,
} from "../args.ts";
import { type Printed, printedValue, writeOut } from "../format.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "display",
  usage: "display designator[,designator]*",
  help: `Show every property value of one or more items.

A designator names an item: its class name followed by its id,
like issue12 or user3. Give several separated by commas.

Properties are listed by name, one per line. The pragmas
display_protected (also show id, creation, activity, creator and
actor, marked with *) and display_header (print a [designator]
heading with the item's retired or active state) change the output.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give one or more designators");
    }
    const items = [];
    for (const text of args[0]!.split(",")) {
      const { cls, id } = designatorOf(text);
      const def = await classOf(ctx, cls);
      const h = await handleOf(ctx, cls);
      await requireItem(h, id);
      items.push({ text, def, h, id });
    }
    const { display_protected: all, display_header: header } = ctx.pragmas;
    const tz = await ctx.timezone();
    for (const { text, def, h, id } of items) {
      const normal = await classProps(ctx, def, false);
      const names = (all ? await classProps(ctx, def, true) : normal).sort();
      if (header) {
        ctx.io.out(
          `\n[${text} (${(await h.isRetired(id)) ? "retired" : "active"})]\n`,
        );
      }
      const parts: Printed[] = [];
      for (const name of names) {
        const mark = all || header ? (normal.includes(name) ? " " : "*") : "";
        const prop = propOf(def, name);
        parts.push(`${mark}${name}: `, await printedValue(h, id, { prop, tz }));
        parts.push("\n");
      }
      writeOut(ctx.io, parts);
    }
    return 0;
  },
};
