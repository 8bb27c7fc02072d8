/** Interval properties: "3y", "2w 3d", "1d 2:50", "- 2m" and the other forms Roundup accepts. */
import { InvalidValueError } from "../errors.ts";
import { parseInterval } from "../interval.ts";
import { badValue, detailOf, type PropKindParser } from "./context.ts";

export const intervalKind: PropKindParser = {
  parse(raw, ctx) {
    try {
      return parseInterval(raw.trim(), { now: ctx.now, tz: ctx.tz });
    } catch (e) {
      if (!(e instanceof InvalidValueError)) throw e;
      throw badValue(ctx, raw, detailOf(e), e);
    }
  },
};
