/**
 * Pages sorted (or grouped) first by one Link property, read value by value. The linked items
 * are put in the order sortRecords gives a Link (their order property, "not set" first, equal
 * orders as one value); the live counts (counts.ts) say how many items each value holds, so an
 * offset skips whole values without reading them and the total is exact. Within the value the
 * page falls in, the items come from that value's Link index in id order, or from a walk of the
 * creation/activity index (filter_link_order.ts); any other secondary key reads that value's
 * items and sorts them. Retired items keep their index entries: a value whose entries outnumber
 * its live count is read from its start, in page order, until the page is full.
 */
import type { ClassDef } from "./schema.ts";
import type { Core } from "./core.ts";
import { keys } from "./keys.ts";
import type { ItemRecord } from "./record.ts";
import type { FilterOptions, FilterPage, SortSpec } from "./filter_spec.ts";
import { getRecords } from "./reads.ts";
import { sortRecords } from "./filter_sort.ts";
import { groupSlots } from "./filter_walk.ts";
import {
  dateOrder,
  earlyByDate,
  idOrder,
  keptInOrder,
  type Slot,
  valueIds,
} from "./filter_link_order.ts";
import { countedLinks, linkCounts } from "./counts.ts";

/** A linked class with more items than this is not walked value by value. */
const MAX_TARGETS = 5000;
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
      prop: plan.prop,
      rest: plan.rest,
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
    const early = await earlyByDate(core.kv, cls, s);
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
