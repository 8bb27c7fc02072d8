/**
 * Sorted pages read along an ordered index (creation, activity, or the item keys for id): items
 * are read in index order and tested until the page is full, so a page costs what it shows, not
 * what the class holds. A page grouped by a Link (the classic index groups by priority) is read
 * group by group: a small group straight from its Link index, a large one along the sort index.
 * The total is exact when the whole index was read, else extrapolated from the share of items
 * that matched on the way.
 */
import type { ClassDef } from "./schema.ts";
import type { Core } from "./core.ts";
import { keys } from "./keys.ts";
import { EMPTY_LINK, type ItemRecord } from "./record.ts";
import type { FilterPage } from "./filter_spec.ts";
import { getRecords } from "./reads.ts";
import { compare, sortRecords } from "./filter_sort.ts";

/** Index entries read before a walk gives up (the caller then evaluates the whole filter). */
const WALK_LIMIT = 3000;
/** A group with at most this many items is read from its Link index instead of walked. */
const SMALL_GROUP = 1000;
/** A grouping class with more items than this is not walked group by group. */
const MAX_GROUPS = 200;

type Keep = (r: ItemRecord | null) => r is ItemRecord;
type Order = ["+" | "-", string];

/** What a walk along a sort index found. */
export interface Walk {
  /** The first `want` items that matched (and were in the group asked for) in order. */
  ids: string[];
  /** Entries read, and how many of them matched (in any group). */
  scanned: number;
  matched: number;
  /** True when the whole index was read. */
  ended: boolean;
  /** The records of `ids`, as read on the way (the page needs no second read). */
  records: Map<string, ItemRecord>;
}

/**
 * The first `want` items along the index of `prop` that `keep` takes and `inGroup` (when given)
 * places in the group asked for; null after WALK_LIMIT entries.
 */
export async function walkSorted(
  kv: Deno.Kv,
  cls: ClassDef,
  [dir, prop]: Order,
  keep: Keep,
  want: number,
  inGroup?: (r: ItemRecord) => boolean,
): Promise<Walk | null> {
  const prefix = prop === "id"
    ? keys.itemPrefix(cls.name)
    : keys.idxPropPrefix(cls.name, prop);
  const iter = kv.list<unknown>({ prefix }, {
    reverse: dir === "-",
    batchSize: 100,
  });
  const out: string[] = [];
  const records = new Map<string, ItemRecord>();
  let matched = 0;
  const take = (r: ItemRecord | null) => {
    if (!keep(r)) return;
    matched++;
    if (!inGroup || inGroup(r)) {
      out.push(r.id);
      records.set(r.id, r);
    }
  };
  let batch: string[] = [];
  let scanned = 0;
  // Items with equal values come in id order, as sortRecords orders them: a reverse walk lists
  // them backwards, so each run of equal values is turned round before its records are read.
  let runStart = 0;
  let runValue: unknown;
  const closeRun = () => {
    if (dir === "-" && batch.length - runStart > 1) {
      const run = batch.slice(runStart).reverse();
      batch.splice(runStart, run.length, ...run);
    }
    runStart = batch.length;
  };
  const flush = async () => {
    for (const r of await getRecords(kv, cls.name, batch)) take(r);
    batch = [];
    runStart = 0;
  };
  const done = (ended: boolean): Walk => ({
    ids: out.slice(0, want),
    scanned,
    matched,
    ended,
    records,
  });
  for await (const e of iter) {
    if (++scanned > WALK_LIMIT) return null;
    if (prop === "id") {
      take(e.value as ItemRecord);
      if (out.length >= want) return done(false);
      continue;
    }
    const value = e.key[3];
    if (batch.length > 0 && value !== runValue) {
      closeRun();
      if (batch.length >= 50) {
        await flush();
        if (out.length >= want) return done(false);
      }
    }
    runValue = value;
    batch.push(String(e.key[4]));
  }
  closeRun();
  await flush();
  return done(true);
}

/** A walk's page from `offset`, with its total (see the module notes; 0 unless `count`). */
export async function pageOf(
  core: Core,
  cls: ClassDef,
  w: Walk,
  { offset, count }: { offset: number; count: boolean },
): Promise<FilterPage> {
  const ids = w.ids.slice(offset);
  const records = ids.map((id) => w.records.get(id)!);
  if (w.ended) return { ids, total: w.matched, estimated: false, records };
  if (!count) return { ids, total: 0, estimated: true, records };
  const size = (await core.kv.get<number>(keys.seq(cls.name))).value ?? 0;
  const share = w.matched / Math.max(1, w.scanned);
  return {
    ids,
    total: Math.max(w.matched, Math.round(share * size)),
    estimated: true,
    records,
  };
}

/**
 * The first `want` items grouped by the Link `group` and sorted by `order` within each group, as
 * sortRecords orders them; null when the grouping cannot be walked or a walk gave up. The total
 * comes from one ungrouped walk along the same index.
 */
export async function walkGrouped(
  core: Core,
  cls: ClassDef,
  [gdir, gprop]: Order,
  order: Order,
  keep: Keep,
  want: number,
): Promise<Walk | null> {
  const slots = await groupSlots(core, cls, gprop);
  if (!slots) return null;
  if (gdir === "-") slots.reverse();
  const first = await walkSorted(core.kv, cls, order, keep, want);
  if (!first) return null;
  const out: string[] = [];
  const records = new Map<string, ItemRecord>();
  for (const slot of slots) {
    if (out.length >= want) break;
    const need = want - out.length;
    const members = await smallGroup(core.kv, cls, gprop, slot);
    if (members) {
      const recs = (await getRecords(core.kv, cls.name, members)).filter(keep);
      const sorted = await sortRecords(core, null, cls, recs, [order]);
      for (const r of sorted.slice(0, need)) {
        out.push(r.id);
        records.set(r.id, r);
      }
      continue;
    }
    const inSlot = (r: ItemRecord) =>
      slot.has(r.values[gprop] == null ? "-1" : String(r.values[gprop]));
    const w = await walkSorted(core.kv, cls, order, keep, need, inSlot);
    if (!w) return null;
    out.push(...w.ids);
    for (const [id, r] of w.records) records.set(id, r);
  }
  return { ...first, ids: out, records };
}

/**
 * The values of a Link in group order: sets of target ids ("-1" for none) whose order property
 * is equal (they sort as one group), ascending; null when the target class has over `max` items.
 */
export async function groupSlots(
  core: Core,
  cls: ClassDef,
  gprop: string,
  max = MAX_GROUPS,
): Promise<Array<Set<string>> | null> {
  const p = cls.props.get(gprop);
  if (p?.type !== "Link" || !p.class) return null;
  const target = core.classDef(p.class);
  const labels: Array<[unknown, string]> = [[null, "-1"]];
  let n = 0;
  const prefix = keys.itemPrefix(target.name);
  for await (const e of core.kv.list<ItemRecord>({ prefix })) {
    if (++n > max) return null;
    const id = e.value.id;
    const label = target.orderprop === "id"
      ? Number(id)
      : e.value.values[target.orderprop] ?? null;
    labels.push([label, id]);
  }
  labels.sort((a, b) => compare(a[0], b[0]));
  const slots: Array<Set<string>> = [];
  for (let i = 0; i < labels.length; i++) {
    if (i > 0 && compare(labels[i - 1]![0], labels[i]![0]) === 0) {
      slots[slots.length - 1]!.add(labels[i]![1]);
    } else slots.push(new Set([labels[i]![1]]));
  }
  return slots;
}

/** Ids of the items in a group when there are at most SMALL_GROUP of them, else null. */
async function smallGroup(
  kv: Deno.Kv,
  cls: ClassDef,
  gprop: string,
  slot: Set<string>,
): Promise<string[] | null> {
  const ids: string[] = [];
  for (const v of slot) {
    const value = v === "-1" ? EMPTY_LINK : Number(v);
    const prefix = keys.idxValuePrefix(cls.name, gprop, value);
    for await (
      const e of kv.list({ prefix }, { limit: SMALL_GROUP + 1 - ids.length })
    ) {
      ids.push(String(e.key[4]));
    }
    if (ids.length > SMALL_GROUP) return null;
  }
  return ids;
}
