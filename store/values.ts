/** Checking and normalising typed property values before they are stored. */
import type { ClassDef, PropDef } from "./schema.ts";
import { InvalidValueError, NotFoundError } from "./errors.ts";
import type { Values } from "./record.ts";

const ID = /^[1-9]\d*$/;

function fail(cls: ClassDef, p: PropDef, what: string): never {
  throw new InvalidValueError(`Cannot set ${cls.name}.${p.name}: ${what}`);
}

/** Returns the normalised value for one property or throws InvalidValueError naming the property. */
export function normaliseValue(cls: ClassDef, p: PropDef, v: unknown): unknown {
  if (v === undefined || v === null) return p.type === "Multilink" ? [] : null;
  switch (p.type) {
    case "String":
    case "Password":
      if (typeof v !== "string") {
        fail(cls, p, `expected a string, got ${typeof v}`);
      }
      return v;
    case "Number":
      if (typeof v !== "number" || !Number.isFinite(v)) {
        fail(cls, p, `expected a number, got ${String(v)}`);
      }
      return v;
    case "Integer":
      if (typeof v !== "number" || !Number.isInteger(v)) {
        fail(cls, p, `expected an integer, got ${String(v)}`);
      }
      return v;
    case "Boolean":
      if (typeof v !== "boolean") {
        fail(cls, p, `expected true or false, got ${String(v)}`);
      }
      return v;
    case "Date":
      if (typeof v !== "number" || !Number.isFinite(v)) {
        fail(cls, p, `expected a date, got ${String(v)}`);
      }
      return v;
    case "Interval":
      if (typeof v !== "object") {
        fail(cls, p, `expected an interval, got ${String(v)}`);
      }
      return v;
    case "Link":
      if (typeof v !== "string" || !ID.test(v)) {
        fail(cls, p, `expected an item id, got "${String(v)}"`);
      }
      return v;
    case "Multilink": {
      if (!Array.isArray(v)) fail(cls, p, "expected a list of item ids");
      for (const id of v) {
        if (typeof id !== "string" || !ID.test(id)) {
          fail(cls, p, `expected item ids, got "${String(id)}"`);
        }
      }
      return [...new Set(v as string[])].sort((a, b) => Number(a) - Number(b));
    }
  }
}

/** Normalises a set of new values; unknown or automatic properties are refused. */
export function normaliseValues(
  cls: ClassDef,
  values: Values,
  allowAutomatic = false,
): Values {
  const out: Values = {};
  for (const [name, v] of Object.entries(values)) {
    const p = cls.props.get(name);
    if (!p || (name === "content" && cls.base !== "FileClass")) {
      throw new NotFoundError(`Class "${cls.name}" has no property "${name}"`);
    }
    if (p.automatic && !allowAutomatic) {
      throw new InvalidValueError(
        `Cannot set ${cls.name}.${name}: it is set automatically`,
      );
    }
    out[name] = normaliseValue(cls, p, v);
  }
  return out;
}

/** Compares two stored values for equality (deep for lists and intervals). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) {
    return (a ?? null) === (b ?? null) || (isEmptyList(a) && isEmptyList(b));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function isEmptyList(v: unknown): boolean {
  return v == null || (Array.isArray(v) && v.length === 0);
}

/** Refuses values that leave a required property empty. */
export function checkRequired(cls: ClassDef, values: Values): void {
  for (const p of cls.props.values()) {
    const v = values[p.name];
    if (
      p.required &&
      (v == null || (Array.isArray(v) && v.length === 0) || v === "")
    ) {
      throw new InvalidValueError(
        `Cannot save ${cls.name}: required property "${p.name}" is not set`,
      );
    }
  }
}

/** Separates a FileClass item's content (text or bytes) from its other values. */
export function splitContent(
  cls: ClassDef,
  values: Values,
): { content?: string | Uint8Array; rest: Values } {
  if (cls.base !== "FileClass" || !("content" in values)) {
    return { rest: values };
  }
  const { content, ...rest } = values;
  if (
    content != null && typeof content !== "string" &&
    !(content instanceof Uint8Array)
  ) {
    throw new InvalidValueError(
      `Cannot set ${cls.name}.content: expected text or bytes`,
    );
  }
  return { content: (content ?? "") as string | Uint8Array, rest };
}

/**
 * The items a change newly links to, as [property, class, id]: the Link and Multilink ids in
 * `values` that `old` did not hold already (those are not read again).
 */
export function newLinkTargets(
  cls: ClassDef,
  values: Values,
  old?: Values,
): Array<[string, string, string]> {
  const wanted: Array<[string, string, string]> = [];
  for (const [name, v] of Object.entries(values)) {
    const p = cls.props.get(name)!;
    if (p.type !== "Link" && p.type !== "Multilink") continue;
    const had = new Set([old?.[name] ?? []].flat() as string[]);
    const ids = p.type === "Link"
      ? (v == null ? [] : [v as string])
      : (v as string[]);
    for (const id of ids) if (!had.has(id)) wanted.push([name, p.class!, id]);
  }
  return wanted;
}

/** Gives a new item's unset properties their empty value, and its creation and activity stamps. */
export function completeNewValues(
  cls: ClassDef,
  vals: Values,
  stamp: { now: number; actor: string },
): void {
  for (const p of cls.props.values()) {
    if (!(p.name in vals)) {
      vals[p.name] = p.type === "Multilink" ? [] : null;
    }
  }
  const { now, actor } = stamp;
  Object.assign(vals, { creation: now, activity: now, creator: actor, actor });
}
