/** Collection filters of the REST API: `prop=value` (several values, key names, `prop:` exact, transitive `a.b=`). */
import type { ClassDef, FilterValue } from "../../store/mod.ts";
import { parseFilterValue } from "../../store/props/mod.ts";
import { parseContextFor } from "../parse_context.ts";
import { type Field, RestError } from "./_http.ts";
import type { RestCtx } from "./_values.ts";

/** The store's filterspec (substring) and exact spec for a class. */
export interface Filters {
  filterspec: Record<string, FilterValue>;
  exact: Record<string, FilterValue>;
}

/** Matches no item: ids start at 1. */
const NONE = ["0"];

async function linkIds(
  r: RestCtx,
  target: ClassDef,
  value: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const part of value.split(",").map((s) => s.trim())) {
    if (/^[-+]?\d+$/.test(part)) out.push(part.replace(/^\+/, ""));
    else {
      try {
        out.push(await r.t.db.cls(target.name).lookup(part));
      } catch {
        throw new RestError(
          400,
          `Cannot filter by ${target.name} "${part}": there is no such ${target.name}`,
        );
      }
    }
  }
  return out;
}

function add(spec: Record<string, FilterValue>, name: string, v: FilterValue) {
  const old = spec[name];
  if (old === undefined) spec[name] = v;
  else if (Array.isArray(old) && typeof v === "string") {
    (old as string[]).push(v);
  } else if (typeof old === "string" && typeof v === "string") {
    spec[name] = [old, v];
  } else if (Array.isArray(old) && Array.isArray(v)) {
    spec[name] = [...old as string[], ...v as string[]];
  } else spec[name] = v;
}

/** Builds the filters of `cls` from non-@ fields; permission and name errors as Roundup gives them. */
export async function buildFilters(
  r: RestCtx,
  cls: ClassDef,
  fields: Field[],
): Promise<Filters> {
  const f: Filters = { filterspec: {}, exact: {} };
  const nested = new Map<string, Field[]>();
  for (const field of fields) {
    let key = field.name;
    if (key.startsWith("@")) continue;
    let exact = false;
    if (key.endsWith(":")) [key, exact] = [key.slice(0, -1), true];
    else if (key.endsWith("~")) key = key.slice(0, -1);
    const [head, ...tail] = key.split(".");
    const prop = head === "id"
      ? { name: "id", type: "String" as const, automatic: true }
      : cls.props.get(head!);
    if (!prop) {
      throw new RestError(
        400,
        `Field ${head} is not valid for ${cls.name} class.`,
      );
    }
    if (!(await r.actor.may("View", cls.name, { property: head! }))) {
      throw new RestError(
        403,
        `User does not have search permission on "${cls.name}.${head}"`,
      );
    }
    const value = Array.isArray(field.value)
      ? field.value.join(",")
      : field.value;
    if (tail.length) {
      if (!("class" in prop) || !prop.class || prop.type === "Multilink") {
        throw new RestError(400, `Property ${key} can not be dereferenced`);
      }
      const list = nested.get(head!) ?? [];
      list.push({ name: tail.join(".") + (exact ? ":" : ""), value });
      nested.set(head!, list);
      continue;
    }
    if (prop.name === "id") {
      add(f.filterspec, "id", value.split(",").map((s) => s.trim()));
    } else if (prop.type === "Link" || prop.type === "Multilink") {
      const target = r.t.schema.classes.get(prop.class!)!;
      add(f.filterspec, prop.name, await linkIds(r, target, value));
    } else if (prop.type === "String") {
      add(exact ? f.exact : f.filterspec, prop.name, value);
    } else {
      const parsed = await parseFilterValue(
        value,
        parseContextFor(r.t, cls, prop, { tz: r.actor.timezone }),
      );
      add(f.filterspec, prop.name, parsed);
    }
  }
  for (const [head, sub] of nested) {
    const prop = cls.props.get(head)!;
    const target = r.t.schema.classes.get(prop.class!)!;
    const inner = await buildFilters(r, target, sub);
    const ids = await r.t.db.cls(target.name).filter(inner);
    add(f.filterspec, head, ids.length ? ids : NONE);
  }
  return f;
}
