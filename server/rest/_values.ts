/** Item values as Roundup's REST shows them (links, labels, hidden passwords), and input parsing. */
import {
  type ClassDef,
  type ItemRecord,
  NotFoundError,
  type PropDef,
} from "../../store/mod.ts";
import { formatDate } from "../../store/date.ts";
import { formatInterval, type Interval } from "../../store/interval.ts";
import { parseValue } from "../../store/props/mod.ts";
import type { Tracker } from "../../tracker/home.ts";
import type { Actor } from "../actor.ts";
import { parseContextFor } from "../parse_context.ts";
import { RestError } from "./_http.ts";

/** What every REST handler knows about the request. */
export interface RestCtx {
  t: Tracker;
  actor: Actor;
  /** ".../rest" as `[tracker] web` names it, without a trailing slash. */
  restUrl: string;
  /** `[tracker] web` with a trailing slash. */
  web: string;
  /** Records read in this request, by designator. */
  records: Map<string, ItemRecord | null>;
}

/** The class, or RestError 404. */
export function classOf(r: RestCtx, name: string): ClassDef {
  const def = r.t.schema.classes.get(name);
  if (!def) throw new RestError(404, `Class ${name} not found`);
  return def;
}

/** Reads a record once per request. */
export async function recordOf(
  r: RestCtx,
  cls: string,
  id: string,
): Promise<ItemRecord | null> {
  const k = cls + id;
  if (r.records.has(k)) return r.records.get(k)!;
  const rec = await r.t.db.cls(cls).record(id);
  r.records.set(k, rec);
  return rec;
}

/** Property names an item shows: its own, or with @protected also id and the automatic ones. */
export function itemProps(cls: ClassDef, protectedToo: boolean): string[] {
  const names = [...cls.props.values()].filter((p) =>
    protectedToo || !p.automatic
  ).map((p) => p.name);
  return protectedToo ? ["id", ...names] : names;
}

/** The property a dotted name ends at, checking each step; RestError 400 when unknown. */
export function propPath(r: RestCtx, cls: ClassDef, path: string): PropDef[] {
  const out: PropDef[] = [];
  let cur: ClassDef | undefined = cls;
  for (const name of path.split(".")) {
    if (!cur) {
      throw new RestError(
        400,
        `Property ${path} can not be dereferenced: ${
          out.at(-1)?.name
        } is not a link`,
      );
    }
    const p: PropDef | undefined = name === "id"
      ? { name: "id", type: "String", automatic: true }
      : cur.props.get(name);
    if (!p) throw new RestError(400, `Unknown property: ${path}`);
    if (p.type === "Multilink" && out.length + 1 < path.split(".").length) {
      throw new RestError(400, `Multilink Traversal not allowed: ${path}`);
    }
    out.push(p);
    cur = p.class ? r.t.schema.classes.get(p.class) : undefined;
  }
  return out;
}

function rawValue(rec: ItemRecord, p: PropDef): unknown {
  if (p.name === "id") return rec.id;
  const v = rec.values[p.name];
  if (v === undefined) return p.type === "Multilink" ? [] : null;
  return v;
}

async function labelOf(r: RestCtx, cls: ClassDef, id: string) {
  const rec = await recordOf(r, cls.name, id);
  return rec?.values[cls.labelprop] ?? null;
}

async function linkValue(
  r: RestCtx,
  p: PropDef,
  id: string,
  verbose: number,
): Promise<Record<string, unknown>> {
  const d: Record<string, unknown> = {
    id,
    link: `${r.restUrl}/data/${p.class}/${id}`,
  };
  const target = r.t.schema.classes.get(p.class ?? "");
  if (verbose > 1 && target) {
    d[target.labelprop] = await labelOf(r, target, id);
  }
  return d;
}

/** One value as JSON. */
async function jsonValue(
  r: RestCtx,
  cls: ClassDef,
  rec: ItemRecord,
  p: PropDef,
  verbose: number,
): Promise<unknown> {
  const v = rawValue(rec, p);
  switch (p.type) {
    case "Link":
      return verbose && typeof v === "string"
        ? await linkValue(r, p, v, verbose)
        : v;
    case "Multilink": {
      const ids = v as string[];
      if (!verbose || ids.length === 0) return ids;
      return await Promise.all(ids.map((id) => linkValue(r, p, id, verbose)));
    }
    case "Date":
      return typeof v === "number" ? formatDate(v) : null;
    case "Interval":
      return v === null ? null : formatInterval(v as Interval);
    case "Password": {
      const scheme = /^\{(\w+)\}/.exec(typeof v === "string" ? v : "")?.[1];
      return `[password hidden scheme ${scheme ?? "PBKDF2"}]`;
    }
    default:
      if (p.name === "content" && cls.base !== "Class") {
        if (verbose < 3) return { link: `${r.web}${cls.name}${rec.id}/` };
        const bytes = await r.t.db.cls(cls.name).contentOf(rec);
        return new TextDecoder().decode(bytes);
      }
      return v;
  }
}

/** The attributes of an item the actor may see, as Roundup's format_item shows them. */
export async function formatItem(
  r: RestCtx,
  cls: ClassDef,
  rec: ItemRecord,
  props: Iterable<string>,
  verbose: number,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const path of [...props].sort()) {
    let c = cls;
    let cur: ItemRecord | null = rec;
    let value: unknown = undefined;
    const steps = path.split(".");
    for (let i = 0; i < steps.length; i++) {
      const name = steps[i]!;
      if (
        !(await r.actor.may("View", c.name, { property: name, itemId: cur.id }))
      ) {
        value = undefined;
        break;
      }
      const p = name === "id"
        ? { name: "id", type: "String" as const, automatic: true }
        : c.props.get(name);
      if (!p) throw new RestError(400, `'${path}' field not valid`);
      if (i === steps.length - 1) {
        value = await jsonValue(r, c, cur, p, verbose);
        break;
      }
      const next = rawValue(cur, p);
      const target = r.t.schema.classes.get(p.class ?? "");
      if (typeof next !== "string" || !target) {
        value = null;
        break;
      }
      const nrec: ItemRecord | null = await recordOf(r, target.name, next);
      if (!nrec) {
        value = null;
        break;
      }
      c = target;
      cur = nrec;
    }
    if (value !== undefined) out[path] = value;
  }
  return out;
}

/** Parses one input value for a property (lists joined with commas), as the actor's timezone reads it. */
export async function parseInput(
  r: RestCtx,
  cls: ClassDef,
  name: string,
  raw: string | string[],
  current?: unknown,
): Promise<unknown> {
  const prop = cls.props.get(name);
  if (!prop) {
    throw new RestError(400, `Property ${name} not found in class ${cls.name}`);
  }
  const text = Array.isArray(raw) ? raw.join(",") : raw;
  try {
    return await parseValue(
      text,
      parseContextFor(r.t, cls, prop, { tz: r.actor.timezone, current }),
    );
  } catch (e) {
    // A link to a missing item is bad input here, not a missing resource.
    if (e instanceof NotFoundError) throw new RestError(400, e.message);
    throw e;
  }
}
