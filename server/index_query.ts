/**
 * An index request (`@columns`, `@sort`, `@group`, `@filter` with property=value, `@search_text`,
 * `@pagesize`, `@startwith`) parsed and run against the store. The store calls live here only,
 * so switching to a paged filter() is one edit.
 */
import {
  type ClassDef,
  type FilterValue,
  isStoreError,
  type ItemRecord,
  PermissionError,
  type SortSpec,
} from "../store/mod.ts";
import { parseFilterValue } from "../store/props/mod.ts";
import type { Tracker } from "../tracker/home.ts";
import type { Actor } from "./actor.ts";
import { HttpError } from "./errors.ts";
import { parseContextFor } from "./parse_context.ts";

/** A parsed index request. */
export interface IndexQuery {
  cls: ClassDef;
  columns: string[];
  sort: SortSpec;
  group: SortSpec;
  /** Raw filter texts by property, as given (for links and forms). */
  filterText: Record<string, string>;
  searchText: string;
  pagesize: number;
  startwith: number;
}

/** One page of results. */
export interface IndexPage {
  ids: string[];
  total: number;
  /** True when the store estimated the total (a long sorted walk stopped at the page). */
  estimated: boolean;
  /** The items of `ids` as the store read them, when it kept them. */
  records?: ItemRecord[];
}

function propNames(cls: ClassDef): Set<string> {
  return new Set(["id", ...cls.props.keys()]);
}

function checkProps(cls: ClassDef, names: string[], what: string): void {
  const known = propNames(cls);
  for (const n of names) {
    if (!known.has(n)) {
      throw new HttpError(
        400,
        `Cannot use ${what} "${n}": class "${cls.name}" has no property "${n}"`,
      );
    }
  }
}

function list(raw: string | undefined): string[] {
  return (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

function sortSpec(cls: ClassDef, raw: string | undefined, what: string) {
  const spec: SortSpec = list(raw).map((s) =>
    s.startsWith("-") ? ["-", s.slice(1)] : ["+", s.replace(/^\+/, "")]
  );
  checkProps(cls, spec.map(([, p]) => p), what);
  return spec;
}

function defaultColumns(cls: ClassDef): string[] {
  if (cls.base === "IssueClass") {
    return ["id", "activity", "title", "creator", "status"].filter((p) =>
      propNames(cls).has(p)
    );
  }
  const own = [...cls.props.values()].filter((p) =>
    !p.automatic && p.type !== "Password" && p.name !== "content"
  ).map((p) => p.name);
  return ["id", ...own.slice(0, 6)];
}

function count(raw: string | undefined, what: string, fallback: number) {
  if (raw === undefined || raw.trim() === "") return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new HttpError(
      400,
      `Cannot use ${what} "${raw}": expected a whole number`,
    );
  }
  return Number(raw);
}

/** Reads an index request from query (or form) parameters; HttpError 400 on bad names. */
export function parseIndexQuery(
  cls: ClassDef,
  q: (name: string) => string | undefined,
): IndexQuery {
  const columns = list(q("@columns"));
  checkProps(cls, columns, "column");
  const filter = list(q("@filter"));
  checkProps(cls, filter, "filter");
  const filterText: Record<string, string> = {};
  for (const p of filter) filterText[p] = q(p) ?? "";
  const dflt = cls.base === "IssueClass" ? "-activity" : cls.orderprop;
  return {
    cls,
    columns: columns.length ? columns : defaultColumns(cls),
    sort: sortSpec(cls, q("@sort") ?? dflt, "sort property"),
    group: sortSpec(cls, q("@group"), "group property"),
    filterText,
    searchText: (q("@search_text") ?? "").trim(),
    pagesize: Math.min(count(q("@pagesize"), "@pagesize", 50), 1000),
    startwith: count(q("@startwith"), "@startwith", 0),
  };
}

/** Runs the query: the page's ids and the total count. */
export async function runIndexQuery(
  t: Tracker,
  query: IndexQuery,
  tz: string,
): Promise<IndexPage> {
  const filterspec: Record<string, FilterValue> = {};
  for (const [name, raw] of Object.entries(query.filterText)) {
    if (name === "id") {
      filterspec.id = list(raw);
      continue;
    }
    const prop = query.cls.props.get(name)!;
    const linky = prop.type === "Link" || prop.type === "Multilink";
    if (!raw.trim() && !linky) continue;
    filterspec[name] = await parseFilterValue(
      linky && !raw.trim() ? "-1" : raw,
      parseContextFor(t, query.cls, prop, { tz }),
    );
  }
  const page = await t.db.cls(query.cls.name).filterPage({
    filterspec,
    search: query.searchText || undefined,
    withRecords: true,
    sort: query.sort,
    group: query.group,
    offset: query.startwith,
    // Exports and neighbour lookups ask for every id (pagesize Infinity).
    limit: Number.isFinite(query.pagesize) ? query.pagesize : undefined,
  });
  return {
    ids: page.ids,
    total: page.total,
    estimated: page.estimated,
    records: page.records,
  };
}

/**
 * The ids of a page the actor may see: the item itself, and every property the query filters,
 * sorts or groups on (else the row would reveal a hidden value by being there). Permissions with
 * check functions (own records, private queries) are per item, so each row is asked about.
 */
export async function viewableIds(
  actor: Actor,
  q: IndexQuery,
  ids: string[],
): Promise<string[]> {
  const props = [
    ...new Set([
      ...Object.keys(q.filterText),
      ...q.sort.map(([, p]) => p),
      ...q.group.map(([, p]) => p),
    ]),
  ].filter((p) => p !== "id");
  const out: string[] = [];
  next: for (const id of ids) {
    if (!(await actor.may("View", q.cls.name, { itemId: id }))) continue;
    for (const p of props) {
      if (!(await actor.mayViewProperty(q.cls.name, p, id))) continue next;
    }
    out.push(id);
  }
  return out;
}

/** The query string that shows this query (for paging links and CSV export). */
export function indexParams(
  query: IndexQuery,
  extra: Record<string, string> = {},
): URLSearchParams {
  const s = (spec: SortSpec) =>
    spec.map(([d, p]) => (d === "-" ? "-" : "") + p).join(",");
  const p = new URLSearchParams();
  p.set("@columns", query.columns.join(","));
  if (query.sort.length) p.set("@sort", s(query.sort));
  if (query.group.length) p.set("@group", s(query.group));
  const names = Object.keys(query.filterText);
  if (names.length) p.set("@filter", names.join(","));
  for (const n of names) p.set(n, query.filterText[n]!);
  if (query.searchText) p.set("@search_text", query.searchText);
  p.set("@pagesize", String(query.pagesize));
  p.set("@startwith", String(query.startwith));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** The part of a query that orders and selects items (no paging), as carried in `@index`. */
export function indexState(query: IndexQuery): string {
  const p = indexParams(query);
  p.delete("@columns");
  p.delete("@pagesize");
  p.delete("@startwith");
  return p.toString();
}

/** An `@index` value that also says where in the index the item stands (its row, from 0). */
export function indexStateAt(state: string, position: number): string {
  const p = new URLSearchParams(state);
  p.set("@startwith", String(Math.max(0, position)));
  return p.toString();
}

/** Rows either side of the expected one read when the index moved since the link was made. */
const NEAR = 25;

/**
 * The items before and after `id` in the index an `@index` value names, and the row `id` is
 * at; nulls when none or bad. Only the rows around the position the value carries are read
 * (never the whole index): when the item moved further than NEAR rows, the links are left out.
 */
export async function neighbours(
  t: Tracker,
  cls: ClassDef,
  state: string,
  id: string,
  tz: string,
): Promise<{ prev: string | null; next: string | null; at: number }> {
  const none = { prev: null, next: null, at: 0 };
  try {
    const p = new URLSearchParams(state);
    const q = parseIndexQuery(cls, (n) => p.get(n) ?? undefined);
    const at = q.startwith;
    for (const around of [1, NEAR]) {
      const from = Math.max(0, at - around);
      const page = await runIndexQuery(t, {
        ...q,
        startwith: from,
        pagesize: at - from + around + 1,
      }, tz);
      const i = page.ids.indexOf(id);
      if (i < 0) continue;
      return {
        prev: page.ids[i - 1] ?? null,
        next: page.ids[i + 1] ?? null,
        at: from + i,
      };
    }
    return none;
  } catch (e) {
    // A stale or hand-made @index only loses the links.
    if (e instanceof HttpError || isStoreError(e)) return none;
    throw e;
  }
}

/**
 * Refuses (PermissionError) a query that filters, sorts or groups on a property the actor may
 * neither view nor search: the answer would reveal its values.
 */
export async function checkQueryAccess(
  actor: Actor,
  q: IndexQuery,
): Promise<void> {
  const props = new Set([
    ...Object.keys(q.filterText),
    ...q.sort.map(([, p]) => p),
    ...q.group.map(([, p]) => p),
  ]);
  props.delete("id");
  for (const property of props) {
    if (await actor.mayViewProperty(q.cls.name, property)) continue;
    if (await actor.may("Search", q.cls.name, { property })) continue;
    throw new PermissionError(
      `Permission denied: user "${actor.name}" may not search ${q.cls.name} by "${property}"`,
    );
  }
}
