/**
 * Running a filter: read a page sorted first by a Link value by value (filter_link.ts), walk
 * an ordered index for other sorted pages, otherwise gather candidates (from an index or a
 * class scan), test them and sort in memory. Full-text words
 * become ids through search.ts: few hits are mapped to items up front, many are tested on the
 * items a sorted page walks past.
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
  type FilterPage,
  type Predicate,
  type SortSpec,
} from "./filter_spec.ts";
import type { Core } from "./core.ts";
import type { Tx } from "./tx.ts";
import { getRecords } from "./reads.ts";
import { sortRecords } from "./filter_sort.ts";
import { pageOf, walkGrouped, walkSorted } from "./filter_walk.ts";
import { hitIds, hitTest, noHits, searchHits } from "./search.ts";
import { countKeysFor, sumCounts } from "./counts.ts";
import { countsKept } from "./format.ts";
import { linkPlan, linkSortedPage } from "./filter_link.ts";

/** Index entries gathered for candidates before a class scan is cheaper. */
const CANDIDATE_LIMIT = 20000;
/** Up to this many ids (search hits, `only`), reading them beats walking a sort index. */
const FEW_IDS = 500;
const WALKABLE = new Set(["activity", "creation", "id"]);

/** Ids of items of `cls` matching `opts`, sorted and paged. */
export async function runFilter(
  core: Core,
  tx: Tx | null,
  cls: ClassDef,
  opts: FilterOptions,
): Promise<string[]> {
  return (await filterPage(core, tx, cls, opts, { count: false })).ids;
}

/**
 * One page of the items of `cls` matching `opts`, with the number matching in all (left at 0
 * for a walked page when `count` is false: runFilter needs only the ids).
 */
export async function filterPage(
  core: Core,
  tx: Tx | null,
  cls: ClassDef,
  opts: FilterOptions,
  how: { count?: boolean } = {},
): Promise<FilterPage> {
  const counted = how.count === false
    ? null
    : await countedTotal(core, tx, cls, opts);
  // Nothing matches: no walk needs to read its way to the end of the sort index to find that.
  if (counted === 0) {
    const none = { ids: [], total: 0, estimated: false };
    return opts.withRecords ? { ...none, records: [] } : none;
  }
  const page = await pageWithRecords(core, tx, cls, opts, how);
  if (page.estimated && counted !== null) {
    page.total = Math.max(counted, (opts.offset ?? 0) + page.ids.length);
    page.estimated = false;
  }
  if (opts.withRecords) return page;
  return { ids: page.ids, total: page.total, estimated: page.estimated };
}

/**
 * The exact total from the live counts (counts.ts) when they can tell it (the whole class, or one
 * Link filter) and are kept; null otherwise. A transaction's own changes are not in the counts.
 */
async function countedTotal(
  core: Core,
  tx: Tx | null,
  cls: ClassDef,
  opts: FilterOptions,
): Promise<number | null> {
  if ((tx?.touched(cls.name) ?? []).length > 0) return null;
  const keys = countKeysFor(cls, opts);
  if (keys === null || !await countsKept(core, cls)) return null;
  return await sumCounts(core.kv, keys);
}

async function pageWithRecords(
  core: Core,
  tx: Tx | null,
  cls: ClassDef,
  opts: FilterOptions,
  { count = true }: { count?: boolean } = {},
): Promise<FilterPage> {
  let only = opts.only === undefined ? undefined : [...opts.only];
  const hits = opts.search === undefined
    ? null
    : await searchHits(core, opts.search, cls);
  if (hits && noHits(hits)) return { ids: [], total: 0, estimated: false };
  let hitPred: Predicate | null = null;
  if (hits && hits.linkedCount + hits.own.size <= FEW_IDS) {
    only = intersect(only, await hitIds(core, cls, hits));
  } else if (hits) hitPred = hitTest(hits);
  const pred = compileFilter(cls, { ...opts, only });
  const retired = opts.retired === undefined ? false : opts.retired;
  const keep = (r: ItemRecord | null): r is ItemRecord =>
    r !== null && (retired === null || r.retired === retired) &&
    pred(r.id, r.values) && (hitPred === null || hitPred(r.id, r.values));
  const overlay = new Map((tx?.touched(cls.name) ?? []).map((r) => [r.id, r]));
  const sort: SortSpec = [...(opts.group ?? []), ...(opts.sort ?? [])];
  const offset = opts.offset ?? 0;
  const order = opts.sort?.length === 1 ? opts.sort[0]! : null;
  const group = opts.group ?? [];
  const plan = opts.fullSort || hits || overlay.size > 0
    ? null
    : linkPlan(cls, { ...opts, only });
  // The walk orders values by the committed linked items: not if this transaction changed them.
  const linked = plan ? cls.props.get(plan.prop)?.class : undefined;
  if (
    plan && linked && (tx?.touched(linked) ?? []).length === 0 &&
    await countsKept(core, cls)
  ) {
    const page = await linkSortedPage(core, cls, plan, {
      keep,
      offset,
      limit: opts.limit!,
    });
    if (page) return page;
  }
  if (
    !opts.fullSort &&
    opts.limit !== undefined && overlay.size === 0 && order !== null &&
    group.length <= 1 && WALKABLE.has(order[1]) &&
    (order[1] === "id" || hasDateIndex(cls)) &&
    (only === undefined || only.length > FEW_IDS)
  ) {
    const want = offset + opts.limit;
    const walked = group.length === 0
      ? await walkSorted(core.kv, cls, order, keep, want)
      : await walkGrouped(core, cls, group[0]!, order, keep, want);
    if (walked) return await pageOf(core, cls, walked, { offset, count });
  }
  if (hits && hitPred) {
    // The walk could not fill the page: map every hit after all.
    only = intersect(only, await hitIds(core, cls, hits));
    hitPred = null;
  }
  const matches: ItemRecord[] = [];
  for await (const r of candidates(core.kv, cls, { ...opts, only })) {
    const rec = overlay.get(r.id) ?? r;
    overlay.delete(r.id);
    if (keep(rec)) matches.push(rec);
  }
  for (const rec of overlay.values()) if (keep(rec)) matches.push(rec);
  const sorted = await sortRecords(core, tx, cls, matches, sort);
  const page = opts.limit === undefined
    ? sorted.slice(offset)
    : sorted.slice(offset, offset + opts.limit);
  return {
    ids: page.map((r) => r.id),
    total: sorted.length,
    estimated: false,
    records: page,
  };
}

/** `ids` restricted to those in `within` (all of them when `within` is absent). */
function intersect(within: string[] | undefined, ids: string[]): string[] {
  if (within === undefined) return ids;
  const set = new Set(within);
  return ids.filter((id) => set.has(id));
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

export type { Predicate };
export { compare, sortRecords } from "./filter_sort.ts";
