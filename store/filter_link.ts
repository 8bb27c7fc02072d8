/**
 * Pages sorted (or grouped) first by one Link property, read value by value. The linked items
 * are put in the order sortRecords gives a Link (their order property, "not set" first, equal
 * orders as one value); the live counts (counts.ts) say how many items each value holds, so an
 * offset skips whole values without reading them and the total is exact. Within the value the
 * page falls in, the items come from that value's Link index in id order, or from a walk of the
 * creation/activity index limited to the value's items; any other secondary key reads that
 * value's items and sorts them. Retired items keep their index entries: a value whose entries
 * outnumber its live count is read in full.
 */
import type { ClassDef } from "./schema.ts";
import type { Core } from "./core.ts";
import { keys } from "./keys.ts";
import { EMPTY_LINK, hasDateIndex, type ItemRecord } from "./record.ts";
import type { FilterOptions, FilterPage, SortSpec } from "./filter_spec.ts";
import { getRecords } from "./reads.ts";
import { sortRecords } from "./filter_sort.ts";
import { groupSlots, walkSorted } from "./filter_walk.ts";
import { countedLinks, linkCounts } from "./counts.ts";

/** A linked class with more items than this is not walked value by value. */
const MAX_TARGETS = 5000;
/**
 * Records a page may read along a date index before listing its value's items is cheaper (tests
 * set it to 0 to try the listing on small trackers).
 */
export const tuning = { earlyReads: 1500 };
const DATES = new Set(["activity", "creation"]);
const ID = /^(-1|[1-9][0-9]*)$/;

type Keep = (r: ItemRecord | null) => r is ItemRecord;

/** How a link-first page is read: the Link, its direction, the keys after it, the values asked. */
export interface LinkPlan {
  prop: string;
  dir: "+" | "-";
  rest: SortSpec;
  /** The ids a filter on the same Link allows ("-1": not set); null: all. */
  values: Set<string> | null;
}

/**
 * The plan for a page of `opts` whose first sort key (group or sort) is a counted Link and
 * whose filter, if any, is on that Link only; null when counts cannot cover it.
 */
export function linkPlan(cls: ClassDef, opts: FilterOptions): LinkPlan | null {
  if (opts.limit === undefined || opts.only !== undefined) return null;
  if (opts.search !== undefined) return null;
  if (opts.retired !== undefined && opts.retired !== false) return null;
  if (Object.keys(opts.exact ?? {}).length > 0) return null;
  const all: SortSpec = [...(opts.group ?? []), ...(opts.sort ?? [])];
  const lead = all[0];
  if (!lead || !countedLinks(cls).includes(lead[1])) return null;
  let values: Set<string> | null = null;
  for (const [name, raw] of Object.entries(opts.filterspec ?? {})) {
    if (name !== lead[1]) return null;
    const list = (Array.isArray(raw) ? raw : [raw]).map(String);
    if (!list.every((v) => ID.test(v))) return null;
    values = new Set(list);
  }
  return { prop: lead[1], dir: lead[0], rest: all.slice(1), values };
}

/** The page of `plan` from `offset`, with its exact total; null when it cannot be walked. */
export async function linkSortedPage(
  core: Core,
  cls: ClassDef,
  plan: LinkPlan,
  { keep, offset, limit }: { keep: Keep; offset: number; limit: number },
): Promise<FilterPage | null> {
  const counts = await linkCounts(core.kv, cls.name, plan.prop);
  const slots = counts && await groupSlots(core, cls, plan.prop, MAX_TARGETS);
  if (!counts || !slots) return null;
  const known = new Set(slots.flatMap((s) => [...s]));
  // A value whose linked item is gone: leave such a rare store to the full sort.
  for (const [v, n] of counts) if (n > 0 && !known.has(v)) return null;
  if (plan.dir === "-") slots.reverse();
  const chosen = slots.map((s) =>
    [...s].filter((v) => plan.values === null || plan.values.has(v))
  ).filter((s) => s.length > 0);
  const sizes = chosen.map((vs) =>
    vs.reduce((n, v) => n + (counts.get(v) ?? 0), 0)
  );
  const total = sizes.reduce((a, b) => a + b, 0);
  let live = 0;
  for (const n of counts.values()) live += n;
  const noRetired = await allLive(core.kv, cls, live);
  const records: ItemRecord[] = [];
  let skip = offset;
  for (let i = 0; i < chosen.length && records.length < limit; i++) {
    const size = sizes[i]!;
    if (skip >= size) {
      skip -= size;
      continue;
    }
    const got = await slotPage(core, cls, plan, {
      values: chosen[i]!,
      size,
      live,
      noRetired,
      keep,
      skip,
      need: limit - records.length,
    });
    records.push(...got);
    skip = 0;
  }
  return { ids: records.map((r) => r.id), total, estimated: false, records };
}

/**
 * Whether no item of `cls` is retired: items are never deleted and each creation bumps the
 * class's sequence, so that holds when the sequence equals the number of live items.
 */
async function allLive(
  kv: Deno.Kv,
  cls: ClassDef,
  live: number,
): Promise<boolean> {
  const seq = (await kv.get<number>(keys.seq(cls.name))).value ?? 0;
  return Number(seq) === live;
}

interface Slot {
  values: string[];
  size: number;
  /** Live items of the class. */
  live: number;
  noRetired: boolean;
  keep: Keep;
  skip: number;
  need: number;
}

/** The `need` kept items of one group of equal values from its `skip`th, in page order. */
async function slotPage(
  core: Core,
  cls: ClassDef,
  plan: LinkPlan,
  s: Slot,
): Promise<ItemRecord[]> {
  const want = s.skip + s.need;
  const byId = idOrder(plan.rest);
  if (s.noRetired && byId !== null && s.values.length === 1) {
    const ids = await valueIds(core.kv, cls.name, plan.prop, s.values, {
      reverse: byId === "-",
      limit: want,
    });
    const got = await keptInOrder(core.kv, cls, ids.slice(s.skip), s);
    if (got?.length === ids.length - s.skip) return got;
  } else {
    const early = await earlyByDate(core.kv, cls, plan, s);
    if (early) return early;
    const all = await valueIds(core.kv, cls.name, plan.prop, s.values, {});
    // Entries beyond the live count are retired items: at most that many are passed over.
    const extra = all.length - s.size;
    const ordered = extra < 0
      ? null
      : byId === "-"
      ? all.reverse()
      : byId === "+"
      ? all
      : await dateOrder(core.kv, cls, plan.rest, all, want + extra);
    const page = ordered && extra === 0
      ? ordered.slice(s.skip, want)
      : ordered?.slice(0, want + extra);
    const got = page && await keptInOrder(core.kv, cls, page, s);
    if (got && extra === 0 && got.length === page!.length) return got;
    if (got && extra > 0 && got.length >= Math.min(want, s.size)) {
      return got.slice(s.skip, want);
    }
    return await readAndSort(core, cls, plan, all, s);
  }
  // Changed since the counts were read: fall back to reading the value's items.
  const all = await valueIds(core.kv, cls.name, plan.prop, s.values, {});
  return await readAndSort(core, cls, plan, all, s);
}

/** The records of `ids` that `keep` takes, in order, read in batches until `want` are kept. */
async function keptInOrder(
  kv: Deno.Kv,
  cls: ClassDef,
  ids: string[],
  s: Slot,
): Promise<ItemRecord[]> {
  const want = s.skip + s.need;
  const out: ItemRecord[] = [];
  for (let i = 0; i < ids.length && out.length < want;) {
    // A few more than still wanted: retired items are few.
    const n = Math.min(5000, want - out.length + 20);
    for (const r of await getRecords(kv, cls.name, ids.slice(i, i + n))) {
      if (s.keep(r)) out.push(r);
    }
    i += n;
  }
  return out;
}

async function readAndSort(
  core: Core,
  cls: ClassDef,
  plan: LinkPlan,
  ids: string[],
  s: Slot,
): Promise<ItemRecord[]> {
  const recs = (await getRecords(core.kv, cls.name, ids)).filter(s.keep);
  const sorted = await sortRecords(core, null, cls, recs, plan.rest);
  return sorted.slice(s.skip, s.skip + s.need);
}

/**
 * A page near the start of a value sorted by creation/activity alone: read along the date index,
 * testing each item, when that should take fewer reads than listing the value's items; null
 * otherwise or when the walk gives up.
 */
async function earlyByDate(
  kv: Deno.Kv,
  cls: ClassDef,
  plan: LinkPlan,
  s: Slot,
): Promise<ItemRecord[] | null> {
  const [first, second] = plan.rest;
  if (!first || !DATES.has(first[1]) || !hasDateIndex(cls)) return null;
  if (plan.rest.length > 2 || (second && second.join("") !== "+id")) {
    return null;
  }
  const want = s.skip + s.need;
  if (want * s.live > tuning.earlyReads * Math.max(1, s.size)) return null;
  const values = new Set(s.values);
  const inSlot = (r: ItemRecord) =>
    values.has(
      r.values[plan.prop] == null ? "-1" : String(r.values[plan.prop]),
    );
  const w = await walkSorted(kv, cls, first, s.keep, want, inSlot);
  return w && w.ids.slice(s.skip).map((id) => w.records.get(id)!);
}

/** "+"/"-" when the keys after the Link order items by id alone, else null. */
function idOrder(rest: SortSpec): "+" | "-" | null {
  if (rest.length === 0) return "+";
  return rest[0]![1] === "id" ? rest[0]![0] : null;
}

/** Ids under the Link index of the given values, ascending (descending with `reverse`). */
async function valueIds(
  kv: Deno.Kv,
  cls: string,
  prop: string,
  values: string[],
  { reverse = false, limit }: { reverse?: boolean; limit?: number },
): Promise<string[]> {
  const ids: number[] = [];
  for (const v of values) {
    const prefix = keys.idxValuePrefix(
      cls,
      prop,
      v === "-1" ? EMPTY_LINK : Number(v),
    );
    for await (
      const e of kv.list({ prefix }, { reverse, limit, batchSize: 1000 })
    ) ids.push(Number(e.key[4]));
  }
  if (values.length > 1) ids.sort((a, b) => reverse ? b - a : a - b);
  return ids.map(String);
}

/**
 * The first `want` of `ids` ordered by a creation/activity key (ties by id, or by the id key
 * after it), read along that date's index; null when the keys are not of that form.
 */
async function dateOrder(
  kv: Deno.Kv,
  cls: ClassDef,
  rest: SortSpec,
  ids: string[],
  want: number,
): Promise<string[] | null> {
  const [first, second] = rest;
  if (!first || !DATES.has(first[1]) || !hasDateIndex(cls)) return null;
  if (rest.length > 2 || (second && second[1] !== "id")) return null;
  const members = new Set(ids);
  const reverse = first[0] === "-";
  // The index lists equal dates by ascending id: a reverse walk turns each run round.
  const flip = reverse !== (second?.[0] === "-");
  const out: string[] = [];
  let run: string[] = [];
  let runValue: unknown;
  const close = () => {
    out.push(...(flip ? run.reverse() : run));
    run = [];
  };
  const prefix = keys.idxPropPrefix(cls.name, first[1]);
  for await (const e of kv.list({ prefix }, { reverse, batchSize: 1000 })) {
    if (e.key[3] !== runValue) {
      close();
      if (out.length >= want) break;
      runValue = e.key[3];
    }
    const id = String(e.key[4]);
    if (members.has(id)) run.push(id);
  }
  close();
  // The date index should list every item: if it does not, sort in memory instead.
  return out.length >= Math.min(want, ids.length) ? out.slice(0, want) : null;
}
