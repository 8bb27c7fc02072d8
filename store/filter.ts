/**
 * Running a filter: walk an ordered index when a sorted page is asked for, otherwise gather
 * candidates (from an index or a class scan), test them and sort in memory.
 */
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import {
  EMPTY_LINK,
  exactIndexValue,
  hasDateIndex,
  type ItemRecord,
} from "./record.ts";
import {
  compileFilter,
  type FilterOptions,
  type Predicate,
  type SortSpec,
} from "./filter_spec.ts";
import type { Core } from "./core.ts";
import type { Tx } from "./tx.ts";

/** Items scanned along a sort index before falling back to a full evaluation. */
const WALK_LIMIT = 3000;
/** Index entries gathered for candidates before a class scan is cheaper. */
const CANDIDATE_LIMIT = 20000;
const WALKABLE = new Set(["activity", "creation", "id"]);

/** Reads many records at once (KV allows 10 keys per getMany; several run in parallel). */
export async function getRecords(
  kv: Deno.Kv,
  cls: string,
  ids: string[],
): Promise<(ItemRecord | null)[]> {
  const groups: Promise<Deno.KvEntryMaybe<ItemRecord>[]>[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    groups.push(
      kv.getMany<ItemRecord[]>(
        ids.slice(i, i + 10).map((id) => keys.item(cls, id)),
      ),
    );
  }
  return (await Promise.all(groups)).flat().map((e) => e.value);
}

/** Ids of items of `cls` matching `opts`, sorted and paged. */
export async function runFilter(
  core: Core,
  tx: Tx | null,
  cls: ClassDef,
  opts: FilterOptions,
): Promise<string[]> {
  const pred = compileFilter(cls, opts);
  const retired = opts.retired === undefined ? false : opts.retired;
  const keep = (r: ItemRecord | null): r is ItemRecord =>
    r !== null && (retired === null || r.retired === retired) &&
    pred(r.id, withId(r));
  const overlay = new Map((tx?.touched(cls.name) ?? []).map((r) => [r.id, r]));
  const sort: SortSpec = [...(opts.group ?? []), ...(opts.sort ?? [])];
  const offset = opts.offset ?? 0;
  if (
    opts.limit !== undefined && overlay.size === 0 && sort.length > 0 &&
    WALKABLE.has(sort[0]![1]) &&
    (sort[0]![1] === "id" || hasDateIndex(cls))
  ) {
    const page = await walkSorted(
      core.kv,
      cls,
      sort[0]!,
      keep,
      offset + opts.limit,
    );
    if (page) return page.slice(offset);
  }
  const matches: ItemRecord[] = [];
  for await (const r of candidates(core.kv, cls, opts)) {
    const rec = overlay.get(r.id) ?? r;
    overlay.delete(r.id);
    if (keep(rec)) matches.push(rec);
  }
  for (const rec of overlay.values()) if (keep(rec)) matches.push(rec);
  const sorted = await sortRecords(core, tx, cls, matches, sort);
  const ids = sorted.map((r) => r.id);
  return opts.limit === undefined
    ? ids.slice(offset)
    : ids.slice(offset, offset + opts.limit);
}

function withId(r: ItemRecord) {
  return { ...r.values, id: r.id };
}

async function walkSorted(
  kv: Deno.Kv,
  cls: ClassDef,
  [dir, prop]: ["+" | "-", string],
  keep: (r: ItemRecord | null) => r is ItemRecord,
  want: number,
): Promise<string[] | null> {
  const prefix = prop === "id"
    ? keys.itemPrefix(cls.name)
    : keys.idxPropPrefix(cls.name, prop);
  const iter = kv.list<unknown>({ prefix }, {
    reverse: dir === "-",
    batchSize: 100,
  });
  const out: string[] = [];
  let batch: string[] = [];
  let scanned = 0;
  const flush = async () => {
    for (const r of await getRecords(kv, cls.name, batch)) {
      if (keep(r)) out.push(r.id);
    }
    batch = [];
  };
  for await (const e of iter) {
    if (++scanned > WALK_LIMIT) return null;
    if (prop === "id") {
      const r = e.value as ItemRecord;
      if (keep(r)) out.push(r.id);
      if (out.length >= want) return out;
      continue;
    }
    batch.push(String(e.key[e.key.length - 1]));
    if (batch.length === 50) {
      await flush();
      if (out.length >= want) return out.slice(0, want);
    }
  }
  await flush();
  return out.slice(0, want);
}

/** Records worth testing: from one Link/Multilink index when that is selective, else all. */
async function* candidates(
  kv: Deno.Kv,
  cls: ClassDef,
  opts: FilterOptions,
): AsyncGenerator<ItemRecord> {
  const ids = await indexCandidates(kv, cls, opts);
  if (ids === null) {
    for await (
      const e of kv.list<ItemRecord>({ prefix: keys.itemPrefix(cls.name) }, {
        batchSize: 1000,
      })
    ) {
      yield e.value;
    }
    return;
  }
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await getRecords(kv, cls.name, ids.slice(i, i + 500))) {
      if (r) yield r;
    }
  }
}

async function indexCandidates(
  kv: Deno.Kv,
  cls: ClassDef,
  opts: FilterOptions,
): Promise<string[] | null> {
  if (opts.only) return [...opts.only];
  for (const [name, raw] of Object.entries(opts.exact ?? {})) {
    const p = cls.props.get(name);
    if (p?.type !== "String" || !p.indexed) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    return await listIndex(kv, cls.name, name, values.map(exactIndexValue));
  }
  for (const [name, raw] of Object.entries(opts.filterspec ?? {})) {
    const p = cls.props.get(name);
    if (!p || (p.type !== "Link" && p.type !== "Multilink")) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    if (values.some((v) => Number(v) < -1)) continue;
    // Empty Multilinks have no index entry: "-1" needs a scan.
    if (p.type === "Multilink" && values.includes("-1")) continue;
    const ids = await listIndex(
      kv,
      cls.name,
      name,
      values.map((v) => v === "-1" ? EMPTY_LINK : Number(v)),
    );
    if (ids) return ids;
  }
  return null;
}

/** Ids under the given index values, or null when there are too many to beat a scan. */
async function listIndex(
  kv: Deno.Kv,
  cls: string,
  prop: string,
  values: Array<string | number>,
): Promise<string[] | null> {
  const ids = new Set<string>();
  for (const value of values) {
    for await (
      const e of kv.list({ prefix: keys.idxValuePrefix(cls, prop, value) })
    ) {
      ids.add(String(e.key[4]));
      if (ids.size > CANDIDATE_LIMIT) return null;
    }
  }
  return [...ids];
}

/** Sorts records by a group+sort spec; Links sort by the linked class's order property. */
export async function sortRecords(
  core: Core,
  tx: Tx | null,
  cls: ClassDef,
  recs: ItemRecord[],
  sort: SortSpec,
): Promise<ItemRecord[]> {
  const spec: SortSpec = [...sort, ["+", "id"]];
  const labels = new Map<string, unknown>();
  for (const [, prop] of spec) {
    const p = cls.props.get(prop);
    if (!p || (p.type !== "Link" && p.type !== "Multilink")) continue;
    const target = core.classDef(p.class!);
    const ids = new Set<string>();
    for (const r of recs) {
      for (const id of [r.values[prop]].flat()) if (id) ids.add(String(id));
    }
    const list = [...ids];
    const got = tx
      ? await Promise.all(list.map((id) => tx.record(target.name, id)))
      : await getRecords(core.kv, target.name, list);
    list.forEach((id, i) => {
      const v = target.orderprop === "id"
        ? Number(id)
        : got[i]?.values[target.orderprop];
      labels.set(`${target.name}:${id}`, v ?? null);
    });
  }
  const keyOf = (r: ItemRecord, prop: string): unknown => {
    if (prop === "id") return Number(r.id);
    const p = cls.props.get(prop);
    const v = r.values[prop];
    if (p?.type === "Link") {
      return v == null ? null : labels.get(`${p.class}:${v}`);
    }
    if (p?.type === "Multilink") {
      return ((v as string[]) ?? []).map((id) =>
        labels.get(`${p.class}:${id}`)
      );
    }
    if (p?.type === "Interval" && v) return JSON.stringify(v);
    return v ?? null;
  };
  return recs.sort((a, b) => {
    for (const [dir, prop] of spec) {
      const c = compare(keyOf(a, prop), keyOf(b, prop));
      if (c !== 0) return dir === "-" ? -c : c;
    }
    return 0;
  });
}

/** Orders values: null first, numbers numerically, lists element-wise, the rest as strings. */
export function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a == null) return -1;
  if (b == null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const x = String(a), y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export type { Predicate };
