/** Date properties: any date form Roundup accepts, read in the user's timezone. */
import { InvalidValueError } from "../errors.ts";
import { parseDate } from "../date.ts";
import { badValue, detailOf, type PropKindParser } from "./context.ts";

export const dateKind: PropKindParser = {
  parse(raw, ctx) {
    try {
      return parseDate(raw.trim(), { now: ctx.now, tz: ctx.tz });
    } catch (e) {
      if (!(e instanceof InvalidValueError)) throw e;
      throw badValue(ctx, raw, detailOf(e), e);
    }
  },
};
