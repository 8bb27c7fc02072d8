/** Pure compilation of a Roundup filterspec into a predicate over item values. */
import type { ClassDef, PropDef } from "./schema.ts";
import { NotFoundError } from "./errors.ts";
import type { ItemRecord, Values } from "./record.ts";

/** An inclusive range; either end may be open. */
export interface ValueRange {
  from?: number;
  to?: number;
}

/** A typed filter value: strings for String, ids for Link/Multilink/id, ranges for Date/Number. */
export type FilterValue =
  | string
  | string[]
  | number
  | boolean
  | boolean[]
  | ValueRange
  | ValueRange[]
  | null;

export type SortSpec = Array<["+" | "-", string]>;

export interface FilterOptions {
  /** prop → value; Strings match case-insensitive substrings (all given must match). */
  filterspec?: Record<string, FilterValue>;
  /** prop → value; Strings must match exactly. */
  exact?: Record<string, FilterValue>;
  /** Only these ids (e.g. full-text search hits). */
  only?: Iterable<string>;
  /**
   * Full-text words (Roundup's @search_text): items whose own indexed text, or one linked
   * msg/file, holds every word.
   */
  search?: string;
  sort?: SortSpec;
  group?: SortSpec;
  /** false: live items (default), true: retired only, null: both. */
  retired?: boolean | null;
  limit?: number;
  offset?: number;
  /** Internal, for tests: sort every match in memory, never walk an index (the reference). */
  fullSort?: boolean;
  /** filterPage(): also hand back the page's records (a web page then reads them only once). */
  withRecords?: boolean;
}

export type Predicate = (id: string, v: Values) => boolean;

/** One page of a filter and how many items match in all. */
export interface FilterPage {
  ids: string[];
  /** Items matching, over all pages. */
  total: number;
  /**
   * True when `total` is an estimate: a sorted page read along an index stops once the page is
   * full, and the total is then extrapolated from the share of items that matched on the way.
   */
  estimated: boolean;
  /** With `withRecords`: the records of `ids` in the same order, as the filter read them. */
  records?: ItemRecord[];
}

/** Builds the predicate for a filterspec; throws NotFoundError for an unknown property. */
export function compileFilter(cls: ClassDef, opts: FilterOptions): Predicate {
  const tests: Predicate[] = [];
  for (
    const [exact, spec] of [[false, opts.filterspec], [
      true,
      opts.exact,
    ]] as const
  ) {
    for (const [name, raw] of Object.entries(spec ?? {})) {
      tests.push(testFor(cls, name, raw, exact));
    }
  }
  if (opts.only) {
    const only = new Set(opts.only);
    tests.push((id) => only.has(id));
  }
  return (id, v) => tests.every((t) => t(id, v));
}

function propOf(cls: ClassDef, name: string): PropDef | null {
  if (name === "id") return null;
  const p = cls.props.get(name);
  if (!p) {
    throw new NotFoundError(`Class "${cls.name}" has no property "${name}"`);
  }
  return p;
}

function list<T>(raw: T | T[]): T[] {
  return Array.isArray(raw) ? raw : [raw];
}

function testFor(
  cls: ClassDef,
  name: string,
  raw: FilterValue,
  exact: boolean,
): Predicate {
  const p = propOf(cls, name);
  if (!p) {
    const ids = new Set(list(raw as string | string[]).map(String));
    return (id) => ids.has(id);
  }
  switch (p.type) {
    case "String":
    case "Password": {
      const wanted = list(raw as string | string[]).map((s) =>
        String(s).toLowerCase()
      );
      if (exact) {
        return (_, v) => wanted.includes(String(v[name] ?? "").toLowerCase());
      }
      return (_, v) => {
        const s = String(v[name] ?? "").toLowerCase();
        return wanted.every((w) => s.includes(w));
      };
    }
    case "Link": {
      const ids = new Set(list(raw as string | string[]).map(String));
      return (_, v) => ids.has(v[name] == null ? "-1" : String(v[name]));
    }
    case "Multilink":
      return multilinkTest(name, list(raw as string | string[]).map(String));
    case "Boolean": {
      const want = list(raw as boolean | boolean[]);
      return (_, v) => want.includes(v[name] as boolean);
    }
    case "Interval":
      return (_, v) => JSON.stringify(v[name]) === JSON.stringify(raw);
    default: {
      const ranges = list(raw as number | ValueRange | ValueRange[]).map((r) =>
        typeof r === "number" ? { from: r, to: r } : r
      );
      return (_, v) => {
        const x = v[name];
        if (typeof x !== "number") return false;
        return ranges.some((r) =>
          (r.from === undefined || x >= r.from) &&
          (r.to === undefined || x <= r.to)
        );
      };
    }
  }
}

/** Multilink match: any of the ids ('-1' = empty), or Roundup's postfix expression with -2 NOT, -3 AND, -4 OR. */
export function multilinkTest(name: string, ids: string[]): Predicate {
  const isExpr = ids.some((x) => Number(x) < -1);
  if (!isExpr) {
    const set = new Set(ids);
    return (_, v) => {
      const have = (v[name] as string[] | null) ?? [];
      return (set.has("-1") && have.length === 0) ||
        have.some((h) => set.has(h));
    };
  }
  return (_, v) => {
    const have = new Set((v[name] as string[] | null) ?? []);
    const stack: boolean[] = [];
    for (const x of ids) {
      const n = Number(x);
      if (n >= 1) stack.push(have.has(x));
      else if (n === -1) stack.push(have.size === 0);
      else if (n === -2) stack.push(!stack.pop());
      else {
        const b = stack.pop() ?? false, a = stack.pop() ?? false;
        stack.push(n === -3 ? a && b : a || b);
      }
    }
    return stack.every(Boolean);
  };
}
