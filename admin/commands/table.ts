import { UsageError } from "../../cli.ts";
import { classOf, classProps, handleOf, propOf, shownIds } from "../args.ts";
import { capitalize, type Printed, printedValue, writeOut } from "../format.ts";
import type { AdminCommand } from "../types.ts";

// A binary file's content is measured and cut in bytes, and written unchanged.
const len = (s: Printed) => typeof s === "string" ? [...s].length : s.length;
function cut(s: Printed, width: number): Printed[] {
  if (typeof s === "string") {
    return [[...s].slice(0, width).join("").padEnd(width)];
  }
  const part = s.subarray(0, width);
  return [part, " ".repeat(width - part.length)];
}

export const command: AdminCommand = {
  name: "table",
  usage: "table classname [property[,property]*]",
  help: `List the items of a class as a table, one column per property.

Without properties every property is a column. Each column is as
wide as its longest value unless a width is given as name:width;
a bare name: makes the column as wide as its heading. Longer values
are cut. For example:

    roundup> table priority id,name:6
    Id Name
    1  critic
    2  urgent

The show_retired pragma decides whether retired items are listed.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give a class name");
    }
    const def = await classOf(ctx, args[0]!);
    const h = await handleOf(ctx, def.name);
    const ids = await shownIds(ctx, h);
    const specs = args[1]
      ? args[1].split(",")
      : await classProps(ctx, def, true);
    const parsed = specs.map((spec) => {
      const parts = spec.split(":");
      if (parts.length > 2) {
        throw new UsageError(`"${spec}" is not of the form name:width`);
      }
      propOf(def, parts[0]!);
      return parts;
    });
    const tz = await ctx.timezone();
    const rows: Printed[][] = [];
    for (const id of ids) {
      const row: Printed[] = [];
      for (const [name] of parsed) {
        row.push(await printedValue(h, id, { prop: propOf(def, name!), tz }));
      }
      rows.push(row);
    }
    const columns = parsed.map(([name, width], i) => {
      if (width === undefined) {
        return {
          name: name!,
          width: Math.max(len(name!), ...rows.map((r) => len(r[i]!))),
        };
      }
      if (width === "") return { name: name!, width: len(name!) };
      if (!/^\s*[+-]?\d+\s*$/.test(width)) {
        throw new UsageError(
          `"${specs[i]}" has a width that is not a whole number: "${width}"`,
        );
      }
      return { name: name!, width: Math.max(0, Number(width)) };
    });
    const out: Printed[] = [
      columns.map((c) => capitalize(c.name).padEnd(c.width)).join(" ") + "\n",
    ];
    for (const row of rows) {
      row.forEach((v, i) =>
        out.push(i ? " " : "", ...cut(v, columns[i]!.width))
      );
      out.push("\n");
    }
    writeOut(ctx.io, out);
    return 0;
  },
};
