/** What parsing a property value needs to know, shared by every property kind. */
import { InvalidValueError } from "../errors.ts";
import type { ClassDef, PropDef, Schema } from "../schema.ts";
import type { HashOptions } from "../password.ts";

/** The surroundings of one value being parsed: where it goes and how to resolve names. */
export interface ParseContext {
  /** The class that holds the property. */
  cls: ClassDef;
  /** The property the value is for. */
  prop: PropDef;
  /** The schema, for the classes Links point at. */
  schema: Schema;
  /** The current time in ms since the epoch (for ".", "-2d" and the like). */
  now: number;
  /** The user's timezone: a zone name such as "Europe/Vienna" or an hour offset. */
  tz?: string | number;
  /** The property's current value: Multilink "+x" and "-x" edits start from it. */
  current?: unknown;
  /** Id of the live item of `cls` whose key property is `key`, or null when there is none. */
  lookup(cls: string, key: string): Promise<string | null>;
  /** True when the item exists; when given, Links to missing items are refused while parsing. */
  exists?(cls: string, id: string): Promise<boolean>;
  /** How new passwords are hashed (rounds from the tracker's config). */
  hash?: HashOptions;
}

/** One property kind's parser: turns user text into the stored value. */
export interface PropKindParser {
  /** Parses non-empty text; throws InvalidValueError or NotFoundError naming the property. */
  parse(raw: string, ctx: ParseContext): unknown | Promise<unknown>;
}

/** "issue.status", for messages. */
export function propLabel(ctx: Pick<ParseContext, "cls" | "prop">): string {
  return `${ctx.cls.name}.${ctx.prop.name}`;
}

/** The InvalidValueError for text a property cannot take. */
export function badValue(
  ctx: Pick<ParseContext, "cls" | "prop">,
  raw: string,
  detail: string,
  cause?: unknown,
): InvalidValueError {
  return new InvalidValueError(
    `Cannot set ${propLabel(ctx)} to "${raw}": ${detail}`,
    cause === undefined ? undefined : { cause },
  );
}

/** The detail of a store parse error, without its "Cannot parse date "x": " prefixes. */
export function detailOf(e: unknown): string {
  let detail = e instanceof Error ? e.message : String(e);
  for (let m; (m = /^cannot parse [\w ]*"[^"]*": /i.exec(detail));) {
    detail = detail.slice(m[0].length);
  }
  return detail.charAt(0).toLowerCase() + detail.slice(1);
}
