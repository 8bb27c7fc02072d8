/**
 * Orders within one value of a Link-first page (filter_link.ts): the value's Link index in id
 * order, a walk of the creation/activity index testing each item (near the start of a value),
 * or that index listed and limited to the value's items (further on).
 */
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import { EMPTY_LINK, hasDateIndex, type ItemRecord } from "./record.ts";
import type { SortSpec } from "./filter_spec.ts";
import { getRecords } from "./reads.ts";
import { walkSorted } from "./filter_walk.ts";

type Keep = (r: ItemRecord | null) => r is ItemRecord;

/**
 * Records a page may read along a date index before listing its value's items is cheaper (tests
 * set it to 0 to try the listing on small trackers).
 */
export const tuning = { earlyReads: 1500 };
const DATES = new Set(["activity", "creation"]);

/** One group of equal Link values and the part of the page it is to give. */
export interface Slot {
  prop: string;
  /** The sort keys after the Link. */
  rest: SortSpec;
  /** The Link's ids ("-1": not set) that sort as one. */
  values: string[];
  /** Live items holding one of them (from the counts). */
  size: number;
  /** Live items of the class. */
  live: number;
  /** No item of the class is retired, so index entries are live items. */
  noRetired: boolean;
  keep: Keep;
  /** Items of this value before the page, and items the page still needs. */
  skip: number;
  need: number;
}

/** The records of `ids` that `keep` takes, in order, read in batches until skip + need are. */
export async function keptInOrder(
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

/**
 * A page near the start of a value sorted by creation/activity alone: read along the date index,
 * testing each item, when that should take fewer reads than listing the value's items; null
 * otherwise or when the walk gives up.
 */
export async function earlyByDate(
  kv: Deno.Kv,
  cls: ClassDef,
  s: Slot,
): Promise<ItemRecord[] | null> {
  const [first, second] = s.rest;
  if (!first || !DATES.has(first[1]) || !hasDateIndex(cls)) return null;
  if (s.rest.length > 2 || (second && second.join("") !== "+id")) {
    return null;
  }
  const want = s.skip + s.need;
  if (want * s.live > tuning.earlyReads * Math.max(1, s.size)) return null;
  const values = new Set(s.values);
  const inSlot = (r: ItemRecord) =>
    values.has(
      r.values[s.prop] == null ? "-1" : String(r.values[s.prop]),
    );
  const w = await walkSorted(kv, cls, first, s.keep, want, inSlot);
  return w && w.ids.slice(s.skip).map((id) => w.records.get(id)!);
}

/** "+"/"-" when the keys after the Link order items by id alone, else null. */
export function idOrder(rest: SortSpec): "+" | "-" | null {
  if (rest.length === 0) return "+";
  return rest[0]![1] === "id" ? rest[0]![0] : null;
}

/** Ids under the Link index of the given values, ascending (descending with `reverse`). */
export async function valueIds(
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
export async function dateOrder(
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
