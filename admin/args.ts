/** Reading admin arguments: shell tokens, `prop=value` pairs, designators, typed property values. */
import { UsageError } from "../cli.ts";
import {
  type ClassDef,
  type ClassHandle,
  DesignatorError,
  InvalidValueError,
  NotFoundError,
  parseDesignator,
  type PropDef,
  type Values,
} from "../store/mod.ts";
import { type ParseContext, parseValue } from "../store/props/mod.ts";
import type { AdminContext } from "./types.ts";

const WHITESPACE = " \r\n\t";
const CONTROL: Record<string, string> = { n: "\n", r: "\r", t: "\t" };

/**
 * Splits a shell line into tokens as roundup-admin does: ' and " quote (also inside a token,
 * `address="1 2 3"`), a backslash escapes the next character and \n, \r, \t stand for
 * control characters. Throws InvalidValueError for an unclosed quote.
 */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let token: string | null = null;
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    let ch = line[i]!;
    if (ch === "\\" && i + 1 < line.length) {
      ch = line[++i]!;
      token = (token ?? "") + (CONTROL[ch] ?? ch);
      continue;
    }
    if (quote) {
      if (ch === quote) quote = "";
      else token += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      token ??= "";
    } else if (WHITESPACE.includes(ch)) {
      if (token !== null) out.push(token);
      token = null;
    } else token = (token ?? "") + ch;
  }
  if (quote) {
    throw new InvalidValueError(
      `Cannot read the line: a ${quote} quote is not closed`,
    );
  }
  if (token !== null) out.push(token);
  return out;
}

/** Splits `prop=value` arguments; a value may be empty (to unset). */
export function propArgs(args: string[]): Array<[string, string]> {
  return args.map((arg) => {
    const eq = arg.indexOf("=");
    if (eq < 0) {
      throw new UsageError(
        `Argument "${arg}" is not of the form property=value`,
      );
    }
    return [arg.slice(0, eq).trim(), arg.slice(eq + 1)];
  });
}

/** Parses "issue12"; UsageError naming the text otherwise. */
export function designatorOf(text: string): { cls: string; id: string } {
  try {
    return parseDesignator(text);
  } catch (e) {
    if (!(e instanceof DesignatorError)) throw e;
    throw new UsageError(
      `"${text}" is not a designator: expected a class name followed by an id, like issue12`,
    );
  }
}

/** The definition of a class, or UsageError naming it. */
export async function classOf(
  ctx: AdminContext,
  name: string,
): Promise<ClassDef> {
  const def = (await ctx.tracker()).schema.classes.get(name);
  if (!def) throw new UsageError(`There is no class "${name}"`);
  return def;
}

/** The definition of a property ("id" included, as a String), or UsageError naming it. */
export function propOf(def: ClassDef, name: string): PropDef {
  if (name === "id") return { name: "id", type: "String", automatic: true };
  const p = def.props.get(name);
  if (!p || (name === "content" && def.base !== "FileClass")) {
    throw new UsageError(`Class "${def.name}" has no property "${name}"`);
  }
  return p;
}

/** The session handle of a class. */
export async function handleOf(
  ctx: AdminContext,
  cls: string,
): Promise<ClassHandle> {
  return (await ctx.session()).cls(cls);
}

/** Throws NotFoundError unless the item exists (retired or not). */
export async function requireItem(h: ClassHandle, id: string): Promise<void> {
  if (!(await h.exists(id))) {
    throw new NotFoundError(`There is no ${h.name}${id}`);
  }
}

/** The ParseContext for one property: key lookups and existence checks see pending changes. */
export async function parseContext(
  ctx: AdminContext,
  def: ClassDef,
  prop: PropDef,
  current?: unknown,
): Promise<ParseContext> {
  const t = await ctx.tracker();
  const session = await ctx.session();
  let rounds: number | undefined;
  try {
    rounds = t.config.getInt("main", "password_pbkdf2_default_rounds");
  } catch (e) {
    if (!(e instanceof InvalidValueError)) throw e;
    rounds = undefined;
  }
  return {
    cls: def,
    prop,
    schema: t.schema,
    now: ctx.now(),
    tz: await ctx.timezone(),
    current,
    lookup: (cls, key) => session.cls(cls).lookup(key).catch(() => null),
    exists: (cls, id) => session.cls(cls).exists(id),
    hash: rounds ? { rounds } : undefined,
  };
}

/** Parses `prop=value` pairs for a new item (itemId null) or an existing one (Multilink edits). */
export async function parseProps(
  ctx: AdminContext,
  def: ClassDef,
  pairs: Array<[string, string]>,
  itemId: string | null,
): Promise<Values> {
  const values: Values = {};
  const h = await handleOf(ctx, def.name);
  for (const [name, raw] of pairs) {
    const prop = propOf(def, name);
    if (prop.automatic) {
      throw new UsageError(
        `Cannot set ${def.name}.${name}: it is set automatically`,
      );
    }
    const current = itemId && prop.type === "Multilink"
      ? await h.get(itemId, name)
      : undefined;
    values[name] = await parseValue(
      raw,
      await parseContext(ctx, def, prop, current),
    );
  }
  return values;
}

/** The order Roundup lists a class's properties in: the schema's own, the base class's, then id and the automatic ones. */
export function propNames(
  ctx: { schemaOrder?: string[] },
  def: ClassDef,
  protectedToo: boolean,
): string[] {
  const own = ctx.schemaOrder ?? [];
  const rest = [...def.props.values()].filter((p) =>
    !p.automatic && !own.includes(p.name)
  ).map((p) => p.name);
  const names = [...own.filter((n) => def.props.has(n)), ...rest];
  return protectedToo
    ? [...names, "id", "creation", "activity", "creator", "actor"]
    : names;
}

/** The property names of a class in Roundup's order (see propNames), from the tracker's schema. */
export async function classProps(
  ctx: AdminContext,
  def: ClassDef,
  protectedToo: boolean,
): Promise<string[]> {
  const spec = (await ctx.tracker()).schema.spec.classes.find((c) =>
    c.name === def.name
  );
  return propNames(
    { schemaOrder: Object.keys(spec?.properties ?? {}) },
    def,
    protectedToo,
  );
}

/** The property `list` shows by default: the schema's labelprop, the key, "name", "title", else the first name alphabetically. */
export async function labelProp(
  ctx: AdminContext,
  def: ClassDef,
): Promise<string> {
  const spec = (await ctx.tracker()).schema.spec.classes.find((c) =>
    c.name === def.name
  );
  if (spec?.labelprop) return spec.labelprop;
  if (def.key) return def.key;
  if (def.props.has("name")) return "name";
  if (def.props.has("title")) return "title";
  return (await classProps(ctx, def, true)).sort()[0]!;
}

/**
 * The ids `list` and `table` show, as the show_retired pragma asks: live items, retired ones,
 * or both, where Roundup gives the live ones first and then the retired ones, each in id order.
 */
export async function shownIds(
  ctx: AdminContext,
  h: ClassHandle,
): Promise<string[]> {
  const v = ctx.pragmas.show_retired;
  if (v !== "both") return await h.list(v === "only");
  return [...(await h.list(false)), ...(await h.list(true))];
}

/**
 * The items a comma-separated designator list names, each checked to exist, to be retired
 * (or not) as `wantRetired` says, and to be allowed by `permission`, before anything is written.
 */
export async function checkedItems(
  ctx: AdminContext,
  list: string | undefined,
  o: {
    permission: "Retire" | "Restore";
    wantRetired: boolean;
    wrongState: string;
  },
): Promise<Array<{ h: ClassHandle; id: string }>> {
  if (list === undefined) {
    throw new UsageError("Too few arguments: give one or more designators");
  }
  const items = [];
  for (const text of list.split(",")) {
    const { cls, id } = designatorOf(text);
    await classOf(ctx, cls);
    const h = await handleOf(ctx, cls);
    await requireItem(h, id);
    if ((await h.isRetired(id)) !== o.wantRetired) {
      throw new UsageError(
        `Cannot ${o.permission.toLowerCase()} ${cls}${id}: ${o.wrongState}`,
      );
    }
    await ctx.requirePermission(o.permission, cls, { itemId: id });
    items.push({ h, id });
  }
  return items;
}
