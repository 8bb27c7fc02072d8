/**
 * @module
 * Parsing user text into property values, one parser per property kind, shared by admin
 * arguments, web forms and mail `[prop=value]` commands; plus search text into filter values.
 */
import type { PropKind } from "../schema.ts";
import type { ParseContext, PropKindParser } from "./context.ts";
import { stringKind } from "./string.ts";
import { numberKind } from "./number.ts";
import { integerKind } from "./integer.ts";
import { booleanKind } from "./boolean.ts";
import { dateKind } from "./date.ts";
import { intervalKind } from "./interval.ts";
import { passwordKind } from "./password.ts";
import { linkKind } from "./link.ts";
import { multilinkKind } from "./multilink.ts";

/** What parsing needs (class, property, clock, key lookups) and the shape of one kind's parser. */
export type { ParseContext, PropKindParser } from "./context.ts";
/** Parses search text into a store FilterValue (ranges, Link names, booleans). */
export { parseFilterValue } from "./filter.ts";
/** The boolean a word such as "yes" or "off" names, or undefined. */
export { booleanOf } from "./boolean.ts";

/** The parser of each property kind. */
export const PROP_KINDS: Record<PropKind, PropKindParser> = {
  String: stringKind,
  Number: numberKind,
  Integer: integerKind,
  Boolean: booleanKind,
  Date: dateKind,
  Interval: intervalKind,
  Password: passwordKind,
  Link: linkKind,
  Multilink: multilinkKind,
};

/**
 * Parses user text for a property; surrounding blanks are dropped and empty text unsets the
 * property (null, or [] for a Multilink). Errors name the property and the text.
 * @example await parseValue("+fred", ctx) // ["1", "3"] when nosy held "1"
 */
export async function parseValue(
  raw: string,
  ctx: ParseContext,
): Promise<unknown> {
  const text = raw.trim();
  if (text === "") return ctx.prop.type === "Multilink" ? [] : null;
  return await PROP_KINDS[ctx.prop.type].parse(text, ctx);
}
