import { UsageError } from "../../cli.ts";
import type { ClassDef, Values } from "../../store/mod.ts";
import { isDesignator } from "../../store/mod.ts";
import {
  classOf,
  designatorOf,
  handleOf,
  parseProps,
  propArgs,
  requireItem,
} from "../args.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "set",
  usage: "set items property=value [property=value ...]",
  help: `Set properties of one or more items.

The items are a comma-separated list of designators (like
issue12,issue13), or a class name, which means every item of that
class. Every item gets the given property values.

An empty value (property=) unsets the property. Link and Multilink
values are ids, key values or designators; a Multilink takes a
comma-separated list, which replaces its value, while +name adds to
it and -name removes from it (nosy=+fred,-jim).`,
  async run(args, ctx) {
    if (args.length < 2) {
      throw new UsageError(
        "Too few arguments: give the items and at least one property=value",
      );
    }
    const targets: Array<{ def: ClassDef; id: string }> = [];
    const parts = args[0]!.split(",");
    if (parts.length === 1 && !isDesignator(parts[0]!)) {
      const def = await classOf(ctx, parts[0]!);
      for (const id of await (await handleOf(ctx, def.name)).list()) {
        targets.push({ def, id });
      }
    } else {
      for (const text of parts) {
        const { cls, id } = designatorOf(text);
        targets.push({ def: await classOf(ctx, cls), id });
      }
    }
    const pairs = propArgs(args.slice(1));
    const changes: Array<{ def: ClassDef; id: string; values: Values }> = [];
    for (const { def, id } of targets) {
      const h = await handleOf(ctx, def.name);
      await requireItem(h, id);
      if (await h.isRetired(id)) {
        throw new UsageError(`Cannot set ${def.name}${id}: it is retired`);
      }
      const values = await parseProps(ctx, def, pairs, id);
      for (const property of Object.keys(values)) {
        await ctx.requirePermission("Edit", def.name, { property, itemId: id });
      }
      changes.push({ def, id, values });
    }
    for (const { def, id, values } of changes) {
      await (await handleOf(ctx, def.name)).set(id, values);
    }
    return 0;
  },
};
