import { UsageError } from "../../cli.ts";
import { parseFilterValue } from "../../store/props/mod.ts";
import { classOf, handleOf, parseContext, propArgs, propOf } from "../args.ts";
import { printIds } from "../format.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "find",
  usage: "find classname propname=value ...",
  help: `Find the items of a class that link to the given items.

Each property must be a Link or Multilink; its value is an id, a
key value (like a user name) or a designator, or several of them
separated by commas, and -1 finds items linking to nothing. An item
is found when any of the given values matches. Retired items are
left out. Use filter to search other kinds of properties.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give a class name");
    }
    const def = await classOf(ctx, args[0]!);
    const spec: Record<string, string[]> = {};
    for (const [name, raw] of propArgs(args.slice(1))) {
      const prop = propOf(def, name);
      if (prop.type !== "Link" && prop.type !== "Multilink") {
        throw new UsageError(
          `Property "${name}" is not a Link or Multilink: use filter to search it`,
        );
      }
      const ids = await parseFilterValue(
        raw.trim() || "-1",
        await parseContext(ctx, def, prop),
      );
      spec[name] = [...(spec[name] ?? []), ...(ids as string[])];
    }
    printIds(ctx, def.name, await (await handleOf(ctx, def.name)).find(spec));
    return 0;
  },
};
