import { UsageError } from "../../cli.ts";
import { classOf, classProps, propOf } from "../args.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "specification",
  usage: "specification classname",
  help: `Show the properties of a class and their types.

The key property is marked. With the display_protected pragma the
automatic properties (id, creation, activity, creator, actor) are
listed too.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give a class name");
    }
    const def = await classOf(ctx, args[0]!);
    let out = "";
    for (
      const name of await classProps(ctx, def, ctx.pragmas.display_protected)
    ) {
      const p = propOf(def, name);
      const target = p.class ? ` to "${p.class}"` : "";
      out += `${name}: <roundup.hyperdb.${p.type}${target}>${
        def.key === name ? " (key property)" : ""
      }\n`;
    }
    ctx.io.out(out);
    return 0;
  },
};
