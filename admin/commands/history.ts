import { UsageError } from "../../cli.ts";
import type {
  ClassDef,
  ClassHandle,
  HistoryEntry,
  PropDef,
} from "../../store/mod.ts";
import { formatDate } from "../../store/date.ts";
import { formatInterval, type Interval } from "../../store/interval.ts";
import { classOf, designatorOf, handleOf, requireItem } from "../args.ts";
import { dateRepr, formatValue, pyFloat, pyList, pyRepr } from "../format.ts";
import type { AdminCommand, AdminContext } from "../types.ts";

type Ops = Array<["+" | "-", string[]]>;

/** Looks up labels of linked items ("fred" for user3), for the readable history. */
class Labels {
  #ctx: AdminContext;
  #cache = new Map<string, string | null>();
  constructor(ctx: AdminContext) {
    this.#ctx = ctx;
  }

  /** The label of item `id` of the class a Link property points at, or null when it has no usable label. */
  async of(prop: PropDef | undefined, id: string): Promise<string | null> {
    if (!prop?.class) return null;
    const target = (await this.#ctx.tracker()).schema.classes.get(prop.class);
    if (!target || target.labelprop === "id" || target.labelprop === "title") {
      return null;
    }
    const k = `${prop.class}:${id}`;
    if (!this.#cache.has(k)) {
      const h = await handleOf(this.#ctx, prop.class);
      const v = await h.get(id, target.labelprop).catch(() => null);
      this.#cache.set(
        k,
        v === null || v === undefined || v === "" ? null : String(v),
      );
    }
    return this.#cache.get(k)!;
  }

  /** "fred(3), jim(4)", "issue1, issue2" or "3, 4", as Roundup names linked items. */
  async list(prop: PropDef | undefined, ids: string[]): Promise<string> {
    if (ids.length && (await this.of(prop, ids[0]!)) !== null) {
      return (await Promise.all(
        ids.map(async (i) => `${await this.of(prop, i)}(${i})`),
      )).join(", ");
    }
    return ids.map((i) => (prop?.class ? prop.class + i : i)).join(", ");
  }
}

function isOps(v: unknown): v is Ops {
  return Array.isArray(v) &&
    v.every((x) => Array.isArray(x) && (x[0] === "+" || x[0] === "-"));
}

/** Dates and intervals as Roundup's SQL backends print them: str() and repr() of Date and Interval. */
function timeValue(
  prop: PropDef | undefined,
  v: unknown,
): { str: string; repr: string } | null {
  if (prop?.type === "Date" && typeof v === "number") {
    return { str: formatDate(v, "UTC"), repr: dateRepr(v) };
  }
  if (prop?.type === "Interval" && v && typeof v === "object") {
    const str = formatInterval(v as Interval);
    return { str, repr: `<Interval ${str}>` };
  }
  return null;
}

/** Roundup's wording of one "set" entry: what each property was before. */
async function formatSet(
  def: ClassDef,
  params: Record<string, unknown>,
  labels: Labels,
  tz: string,
) {
  const out: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    const prop = def.props.get(name);
    if (isOps(value)) {
      const how = [];
      for (const [op, ids] of value) {
        how.push(
          `${op === "+" ? "added" : "removed"}: ${await labels.list(
            prop,
            ids,
          )}`,
        );
      }
      out.push(`modified ${name}: ${how.join(", ")}`);
    } else if (Array.isArray(value)) {
      out.push(`${name} was [${await labels.list(prop, value.map(String))}]`);
    } else if (timeValue(prop, value) !== null) {
      out.push(`${name} was ${timeValue(prop, value)!.str}`);
    } else if (typeof value === "string" && prop?.type !== "Password") {
      const label = await labels.of(prop, value);
      out.push(
        label !== null
          ? `${name} was ${label}(${value})`
          : `${name} was ${pyRepr(value)}`,
      );
    } else out.push(`${name} was ${formatValue(prop, value, tz)}`);
  }
  return out.join("; ");
}

/** Python's repr() of a journal value, for `history designator raw`. */
function rawValue(prop: PropDef | undefined, v: unknown): string {
  if (v === null || v === undefined) return "None";
  const t = timeValue(prop, v);
  if (t !== null) return t.repr;
  if (prop?.type === "Number") return pyFloat(Number(v));
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return pyRepr(v);
  if (isOps(v)) {
    const parts = v.map(([op, ids]) => `(${pyRepr(op)}, ${pyList(ids)})`);
    return `(${parts.join(", ")}${parts.length === 1 ? "," : ""})`;
  }
  if (Array.isArray(v)) return pyList(v.map(String));
  return String(v);
}

function rawParams(def: ClassDef, e: HistoryEntry): string {
  const p = e.params;
  if (e.action === "link" || e.action === "unlink") {
    return `(${(p as string[]).map(pyRepr).join(", ")})`;
  }
  if (p === null || p === undefined) return "None";
  const entries = Object.entries(p as Record<string, unknown>);
  return `{${
    entries.map(([k, v]) => `${pyRepr(k)}: ${rawValue(def.props.get(k), v)}`)
      .join(", ")
  }}`;
}

/** Drops quiet (with skipquiet) and unreadable properties; null when nothing of an entry is left. */
async function visible(
  ctx: AdminContext,
  def: ClassDef,
  id: string,
  e: HistoryEntry,
  skipQuiet: boolean,
): Promise<HistoryEntry | null> {
  const t = await ctx.tracker();
  const actor = await ctx.actor();
  const readable = async (cls: string, property: string, itemId?: string) => {
    for (const perm of ["View", "Edit"]) {
      if (await actor.may(perm, cls, { property, itemId })) return true;
    }
    return false;
  };
  if (
    (e.action === "link" || e.action === "unlink") && Array.isArray(e.params)
  ) {
    const [cls, linkId, prop] = e.params as string[];
    const quiet = t.schema.classes.get(cls!)?.props.get(prop!)?.quiet;
    if (skipQuiet && quiet) return null;
    return (await readable(cls!, prop!, linkId)) ? e : null;
  }
  if (!e.params || typeof e.params !== "object" || Array.isArray(e.params)) {
    return e;
  }
  const params = { ...(e.params as Record<string, unknown>) };
  const before = Object.keys(params).length;
  for (const name of Object.keys(params)) {
    if (skipQuiet && def.props.get(name)?.quiet) delete params[name];
    else if (def.props.has(name) && !(await readable(def.name, name, id))) {
      delete params[name];
    }
  }
  if (before > 0 && Object.keys(params).length === 0) return null;
  return { ...e, params };
}

async function userName(users: ClassHandle, id: string): Promise<string> {
  return String(await users.get(id, "username").catch(() => id));
}

export const command: AdminCommand = {
  name: "history",
  usage: "history designator [skipquiet] [raw]",
  help: `Show the journal of an item: who changed what, and when.

A designator names an item: its class name followed by its id,
like issue12 or user3.

Each line reads "user(date) action details"; for a change the
details give the values the properties had before it. With
skipquiet, changes of quiet properties are left out. With raw, the
journal entries are printed as data instead.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give a designator");
    }
    const extra = args.slice(1).filter((a) => a !== "skipquiet" && a !== "raw");
    if (extra.length) {
      throw new UsageError(
        `Unexpected argument${extra.length > 1 ? "s" : ""} ${
          extra.join(", ")
        }: only skipquiet and raw may follow the designator`,
      );
    }
    const { cls, id } = designatorOf(args[0]!);
    const def = await classOf(ctx, cls);
    const h = await handleOf(ctx, cls);
    await requireItem(h, id);
    const entries: HistoryEntry[] = [];
    for (const e of await h.history(id)) {
      const kept = await visible(ctx, def, id, e, args.includes("skipquiet"));
      if (kept) entries.push(kept);
    }
    if (args.includes("raw")) {
      const items = entries.map((e) =>
        `(${pyRepr(id)}, ${dateRepr(e.date)}, ${pyRepr(e.user)}, ${
          pyRepr(e.action)
        }, ${rawParams(def, e)})`
      );
      ctx.io.out(`[${items.join(", ")}]\n`);
      return 0;
    }
    const tz = await ctx.timezone();
    const labels = new Labels(ctx);
    const users = await handleOf(ctx, "user");
    const lines: string[] = [];
    for (const e of entries) {
      const p = e.params as unknown;
      let details: string;
      if (e.action === "set") {
        details = await formatSet(
          def,
          p as Record<string, unknown>,
          labels,
          tz,
        );
      } else if (e.action === "link") {
        details = `added ${(p as string[])[0]}${(p as string[])[1]} to ${
          (p as string[])[2]
        }`;
      } else if (e.action === "unlink") {
        details = `removed ${(p as string[])[0]}${(p as string[])[1]} from ${
          (p as string[])[2]
        }`;
      } else details = cls;
      lines.push(
        `${await userName(users, e.user)}(${
          formatDate(e.date, tz)
        }) ${e.action} ${details}`,
      );
    }
    ctx.io.out(lines.join("\n") + "\n");
    return 0;
  },
};
