/** Turning search text into store FilterValues: date and number ranges, Link names, booleans. */
import { InvalidValueError } from "../errors.ts";
import type { FilterValue, ValueRange } from "../filter_spec.ts";
import { parseDateRange } from "../date_range.ts";
import { badValue, detailOf, type ParseContext } from "./context.ts";
import { booleanOf } from "./boolean.ts";
import { resolveLink } from "./link.ts";
import { intervalKind } from "./interval.ts";

const NUM = String.raw`\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*`;
const NUMBER_RANGE = new RegExp(`^(${NUM})?;(${NUM})?$`, "i");
const NUMBER = new RegExp(`^${NUM}$`, "i");

function numberRange(raw: string, ctx: ParseContext): ValueRange {
  const m = NUMBER_RANGE.exec(raw);
  if (m) {
    const r: ValueRange = {};
    if (m[1] !== undefined) r.from = Number(m[1]);
    if (m[2] !== undefined) r.to = Number(m[2]);
    return r;
  }
  if (!NUMBER.test(raw)) {
    throw badValue(
      ctx,
      raw,
      'expected a number like 3 or a range like "1;5", "1;" or ";5"',
    );
  }
  return { from: Number(raw), to: Number(raw) };
}

function dateRange(raw: string, ctx: ParseContext): ValueRange {
  try {
    return parseDateRange(raw, { now: ctx.now, tz: ctx.tz });
  } catch (e) {
    if (!(e instanceof InvalidValueError)) throw e;
    throw badValue(ctx, raw, detailOf(e), e);
  }
}

/**
 * Parses the text a user searches a property with into a store FilterValue. A comma separates
 * alternatives: Link and Multilink names (ids, key values, designators, "-1" for empty) match
 * any; String parts must all occur. Dates take ranges ("2003", "from 2003-02-16 to 2003-02-20",
 * "2003-02-16;", "-2m;-1m"); Numbers and Integers take "3" or "1;5"; Booleans yes/no and the like.
 * @example await parseFilterValue(def.props.get("status")!, "open,chatting", ctx) // ["1", "3"]
 */
export async function parseFilterValue(
  raw: string,
  ctx: ParseContext,
): Promise<FilterValue> {
  const parts = raw.split(",").map((s) => s.trim());
  const p = ctx.prop;
  switch (p.type) {
    case "Link":
    case "Multilink": {
      const ids: string[] = [];
      for (const part of parts.filter(Boolean)) {
        ids.push(part === "-1" ? "-1" : await resolveLink(part, ctx));
      }
      return ids;
    }
    case "Boolean":
      return parts.map((part) => {
        const b = booleanOf(part);
        if (b === undefined) {
          throw badValue(
            ctx,
            part,
            "expected yes or no, true or false, on or off, 1 or 0",
          );
        }
        return b;
      });
    case "Number":
    case "Integer":
      return parts.map((part) => numberRange(part, ctx));
    case "Date":
      return parts.map((part) => dateRange(part, ctx));
    case "Interval":
      return intervalKind.parse(raw, ctx) as FilterValue;
    default:
      return parts.length === 1 ? parts[0]! : parts;
  }
}
