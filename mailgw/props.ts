/**
 * Property values from mail: the [prop=value;prop=value] subject suffix and the -S options of
 * the command line, parsed with the same per-kind parsers as `roundup admin set`.
 */
import {
  type ClassDef,
  InvalidValueError,
  isStoreError,
  type Tx,
  type Values,
} from "../store/mod.ts";
import { parseValue } from "../store/props/mod.ts";
import type { Tracker } from "../tracker/home.ts";
import { MailError } from "./parse.ts";
import { splitAssignments } from "./subject.ts";
import { setting } from "./settings.ts";

/** One -S setting: `[class.]prop=value`, the class defaulting to msg as in Roundup. */
export interface SetField {
  cls?: string;
  prop: string;
  value: string;
}

/** Where values are parsed: the tracker, the mail's transaction, the clock and the author. */
export interface PropsContext {
  tracker: Tracker;
  tx: Tx;
  now: number;
  /** The author's timezone (dates in the suffix are the author's local time). */
  tz?: string | number;
}

function rounds(t: Tracker): number | undefined {
  return Number(setting(t, "main", "password_pbkdf2_default_rounds")) ||
    undefined;
}

/**
 * Parses "prop=value;prop=value" for an item of `cls` (`itemId` for Multilink "+x"/"-x"
 * edits). Returns the values that parsed and a message for each that did not, as Roundup's
 * setPropArrayFromString does: a pair without exactly one "=" ends the parsing.
 */
export async function parseAssignments(
  ctx: PropsContext,
  cls: ClassDef,
  text: string,
  itemId?: string,
): Promise<{ values: Values; errors: string[] }> {
  const values: Values = {};
  const errors: string[] = [];
  let pairs;
  try {
    pairs = splitAssignments(text);
  } catch (e) {
    if (!(e instanceof InvalidValueError)) throw e;
    return { values, errors: [e.message] };
  }
  const current = itemId ? await ctx.tx.record(cls.name, itemId) : null;
  for (const { prop: name, value } of pairs) {
    const prop = cls.props.get(name);
    if (!prop || name === "id") {
      errors.push(`"${name}" is not a property of ${cls.name}`);
      continue;
    }
    if (prop.automatic) {
      errors.push(
        `${cls.name}.${name} is set automatically and cannot be given`,
      );
      continue;
    }
    try {
      values[name] = await parseValue(value, {
        cls,
        prop,
        schema: ctx.tracker.schema,
        now: ctx.now,
        tz: ctx.tz,
        current: current?.values[name],
        lookup: (c, key) => ctx.tx.keyOwner(c, key),
        exists: async (c, id) => (await ctx.tx.record(c, id)) !== null,
        hash: { rounds: rounds(ctx.tracker) },
      });
    } catch (e) {
      // Bad values go back to the sender; anything else is a bug and fails the mail.
      if (!isStoreError(e)) throw e;
      errors.push(e.message);
    }
  }
  return { values, errors };
}

/** Groups -S settings by class ("msg" when none is named); an unknown class is a setup error. */
export function fieldsByClass(
  tracker: Tracker,
  fields: SetField[] = [],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of fields) {
    const cls = f.cls || "msg";
    if (!tracker.schema.classes.has(cls)) {
      throw new MailError(setupProblem(tracker, `there is no class "${cls}"`));
    }
    out.set(cls, [...(out.get(cls) ?? []), `${f.prop}=${f.value}`]);
  }
  return out;
}

/** The values -S gives for `cls`; a setting that does not parse is a setup error. */
export async function classArguments(
  ctx: PropsContext,
  byClass: Map<string, string[]>,
  cls: string,
): Promise<Values> {
  const values: Values = {};
  const def = ctx.tracker.schema.classes.get(cls);
  if (!def) return values;
  for (const text of byClass.get(cls) ?? []) {
    const parsed = await parseAssignments(ctx, def, text.trim());
    if (parsed.errors.length) {
      throw new MailError(setupProblem(ctx.tracker, parsed.errors.join("; ")));
    }
    Object.assign(values, parsed.values);
  }
  return values;
}

function setupProblem(tracker: Tracker, detail: string): string {
  const admin = setting(
    tracker,
    "main",
    "admin_email",
    "the tracker's administrator",
  );
  return `The mail gateway of this tracker is set up wrongly, so your message could not ` +
    `be handled. Please tell ${admin} about this problem with its -S settings: ${detail}`;
}
