import { UsageError } from "../../cli.ts";
import { classOf, handleOf } from "../args.ts";
import type { AdminCommand } from "../types.ts";

const DESIGNATOR = /^([A-Za-z]+)([0-9]+)$/;
const RANGE = /^([A-Za-z]+):([0-9]+)-([0-9]+)$/;

export const command: AdminCommand = {
  name: "reindex",
  usage: "reindex [classname|classname:#-#|designator]*",
  help: `Rebuild the full-text search index.

Without arguments the whole tracker is indexed again; otherwise only
the classes, items (issue12) or ranges of items given, for example

    reindex issue:23-1000

to index issues 23 to 999. Missing items in a range are reported
and skipped. The index is normally kept up to date by itself.`,
  async run(args, ctx) {
    const db = (await ctx.tracker()).db;
    const jobs: Array<{ cls?: string; ids?: string[] }> = [];
    for (const arg of args) {
      const d = DESIGNATOR.exec(arg), r = RANGE.exec(arg);
      const def = await classOf(ctx, (d ?? r)?.[1] ?? arg);
      const h = await handleOf(ctx, def.name);
      if (d) {
        if (!(await h.exists(String(Number(d[2]))))) {
          throw new UsageError(`There is no item "${arg}"`);
        }
        jobs.push({ cls: def.name, ids: [String(Number(d[2]))] });
      } else if (r) {
        const ids: string[] = [];
        for (let n = Number(r[2]); n < Number(r[3]); n++) {
          if (await h.exists(String(n))) ids.push(String(n));
          else ctx.io.out(`There is no item "${def.name}${n}"\n`);
        }
        jobs.push({ cls: def.name, ids });
      } else jobs.push({ cls: def.name });
    }
    for (const job of jobs.length ? jobs : [{}]) {
      const n = await db.reindex(job.cls, job.ids);
      if (ctx.verbose || ctx.pragmas.verbose) {
        ctx.io.out(`Reindexed ${n} ${job.cls ?? "items"}\n`);
      }
    }
    return 0;
  },
};
