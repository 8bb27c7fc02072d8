import { UsageError } from "../../cli.ts";
import { InvalidValueError } from "../../store/mod.ts";
import { parseDate } from "../../store/date.ts";
import { addInterval, parseInterval } from "../../store/interval.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "pack",
  usage: "pack period | date",
  help: `Remove journal entries older than a date or a period ago.

A period counts back from now and uses the suffixes y (years),
m (months), w (weeks) and d (days):

    pack 3y        (entries older than three years)
    pack "2w 3d"   (older than two weeks and three days)

A date is written like 2001-01-01. Every item keeps its creation
entry, so its creator and creation date are never lost.`,
  async run(args, ctx) {
    if (args.length !== 1) {
      throw new UsageError(
        "Give exactly one argument: a period like 3y or a date like 2001-01-01",
      );
    }
    const text = args[0]!.trim();
    const tz = await ctx.timezone();
    let before: number;
    if (/^\d{4}-\d\d?-\d\d?/.test(text)) {
      before = parseDate(text, { now: ctx.now(), tz });
    } else {
      try {
        const iv = parseInterval(text);
        before = addInterval(ctx.now(), { ...iv, sign: -1 });
      } catch (e) {
        if (!(e instanceof InvalidValueError)) throw e;
        throw new UsageError(
          `Cannot pack before "${text}": expected a period like 3y or "2w 3d", or a date like 2001-01-01`,
        );
      }
    }
    // A period of 999999999y reaches past what a date can hold (it came out as NaN).
    const year = Number.isFinite(before)
      ? new Date(before).getUTCFullYear()
      : NaN;
    if (!(year >= 1 && year <= 9999)) {
      throw new UsageError(
        `Cannot pack before "${text}": that period reaches back before the year 1; give a shorter one, like 3y`,
      );
    }
    const removed = await (await ctx.tracker()).db.pack(before);
    if (ctx.verbose || ctx.pragmas.verbose) {
      ctx.io.out(`Removed ${removed} journal entries\n`);
    }
    return 0;
  },
};
