/** The shared body of the `import` and `importtables` commands. */
import { UsageError } from "../../cli.ts";
import type { AdminContext } from "../types.ts";
import { importTracker } from "./import_tracker.ts";

/** Runs import (files: true) or importtables (files: false); see import_tracker.ts for the design. */
export async function runImport(
  args: string[],
  ctx: AdminContext,
  files: boolean,
): Promise<number> {
  if (args.length < 1) throw new UsageError("Not enough arguments supplied");
  if (args.length > 1) throw new UsageError("Too many arguments supplied");
  const t = await ctx.tracker();
  const result = await importTracker(t.db, args[0]!, { files });
  for (const c of result.classes) {
    ctx.io.out(`\nsetting ${c.name} ${c.maxId + 1}\n`);
  }
  // An import into an empty database (Roundup's way of moving a tracker) leaves it ready to use.
  if (
    result.classes.length > 0 &&
    (await t.db.getMeta<boolean>("initialised")) !== true
  ) {
    await t.db.setMeta("schema", t.schema.spec);
    await t.db.setMeta("initialised", true);
  }
  return 0;
}
