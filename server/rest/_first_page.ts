/**
 * The first page of a class in id order without walking an index: ids are handed out one by
 * one from 1, so the items with the smallest ids are read directly by id. Null when that does
 * not find enough items (a small class, or ids with large gaps); the caller then runs the filter.
 */
import { getRecords, type ItemRecord } from "../../store/mod.ts";

/** Ids read ahead per round beyond those still wanted (retired items take places). */
const SLACK = 8;

/** The first `want` live records of `cls` by id, or null. */
export async function firstRecords(
  kv: Deno.Kv,
  cls: string,
  want: number,
): Promise<ItemRecord[] | null> {
  const out: ItemRecord[] = [];
  let next = 1;
  while (out.length < want) {
    const n = want - out.length + SLACK;
    const ids = Array.from({ length: n }, (_, i) => String(next + i));
    next += n;
    const recs = await getRecords(kv, cls, ids);
    if (recs.every((r) => r === null)) return null;
    for (const r of recs) {
      if (r && !r.retired && out.length < want) out.push(r);
    }
  }
  return out;
}
