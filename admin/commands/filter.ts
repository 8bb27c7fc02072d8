import { UsageError } from "../../cli.ts";
import type { ClassDef, FilterValue } from "../../store/mod.ts";
import { parseFilterValue } from "../../store/props/mod.ts";
import { classOf, handleOf, parseContext, propArgs, propOf } from "../args.ts";
import { printIds } from "../format.ts";
import type { AdminCommand, AdminContext } from "../types.ts";

/** The filter value for one (possibly transitive, "assignedto.username") property of `def`. */
async function valueFor(
  ctx: AdminContext,
  def: ClassDef,
  path: string,
  raw: string,
): Promise<FilterValue> {
  const [name, ...rest] = path.split(".");
  const prop = propOf(def, name!);
  if (rest.length === 0) {
    const linky = prop.type === "Link" || prop.type === "Multilink";
    return await parseFilterValue(
      linky && !raw.trim() ? "-1" : raw,
      await parseContext(ctx, def, prop),
    );
  }
  if (!prop.class) {
    throw new UsageError(
      `Cannot follow "${path}": ${def.name}.${name} is not a Link or Multilink`,
    );
  }
  const target = await classOf(ctx, prop.class);
  const value = await valueFor(ctx, target, rest.join("."), raw);
  const h = await handleOf(ctx, target.name);
  return await h.filter({ filterspec: { [rest[0]!]: value }, retired: null });
}

export const command: AdminCommand = {
  name: "filter",
  usage: "filter classname propname=value ...",
  help: `Find the items of a class whose properties match the given values.

Several values for one property are separated by commas. For a
String property every value must occur in the text (case does not
matter); for a Link or Multilink property any of the ids, key values
or designators may match (-1 matches an empty one). Dates take a
date or a range: 2003 (the whole year), 2003-02-16;2003-02-20,
"from 2003-02-16 to 2003-02-20", 2003-02-16; (from then on) or
-2m;-1m (between two and one months ago). Numbers take a value or a
range like 1;5. A property may follow links: assignedto.username=admin.
All the given properties must match. Retired items are left out.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give a class name");
    }
    const def = await classOf(ctx, args[0]!);
    const filterspec: Record<string, FilterValue> = {};
    const only: string[][] = [];
    for (const [path, raw] of propArgs(args.slice(1))) {
      const value = await valueFor(ctx, def, path, raw);
      const first = path.split(".")[0]!;
      // A property given twice must match both times.
      if (!(first in filterspec)) filterspec[first] = value;
      else {only.push(
          await (await handleOf(ctx, def.name)).filter({
            filterspec: { [first]: value },
          }),
        );}
    }
    let ids = await (await handleOf(ctx, def.name)).filter({ filterspec });
    for (const set of only) ids = ids.filter((id) => set.includes(id));
    printIds(ctx, def.name, ids);
    return 0;
  },
};
