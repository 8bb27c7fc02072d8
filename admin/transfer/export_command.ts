/** The shared body of the `export` and `exporttables` commands. */
import { UsageError } from "../../cli.ts";
import type { AdminContext } from "../types.ts";
import { classOf } from "../args.ts";
import { exportTracker } from "./export_tracker.ts";

/** Roundup's class selection: "issue,msg" exports those, "-msg,file" all but those. */
async function selectClasses(
  ctx: AdminContext,
  spec: string | undefined,
): Promise<string[]> {
  const all = [...(await ctx.tracker()).schema.classes.keys()];
  if (spec === undefined) return all;
  const names = spec.replace(/^-/, "").split(",").filter((n) => n !== "");
  for (const n of names) await classOf(ctx, n);
  return spec.startsWith("-") ? all.filter((n) => !names.includes(n)) : names;
}

/** Runs export (files: true) or exporttables (files: false). */
export async function runExport(
  args: string[],
  ctx: AdminContext,
  files: boolean,
): Promise<number> {
  if (args.length < 1) throw new UsageError("Not enough arguments supplied");
  if (args.length > 2) throw new UsageError("Too many arguments supplied");
  const classes = await selectClasses(
    ctx,
    args.length === 2 ? args[0] : undefined,
  );
  const { db } = await ctx.tracker();
  await exportTracker(db, args[args.length - 1]!, {
    classes,
    files,
    note: (t) => ctx.io.out(t),
  });
  return 0;
}
