/**
 * Full-text search over the ["word", …] index, mapped to items of the searched class. A query
 * first gathers its hits (documents holding every word); they are turned into item ids either by
 * following the index of each linked document (few hits) or, for a sorted page among many hits,
 * by testing the items read along the sort index (see filter.ts), which stops once the page is
 * full instead of mapping every hit.
 */
import type { ClassDef } from "./schema.ts";
import type { Core } from "./core.ts";
import { keys } from "./keys.ts";
import { findDocuments } from "./word_index.ts";
import { queryWords } from "./words.ts";
import { getRecords } from "./reads.ts";
import type { Predicate } from "./filter_spec.ts";

/** Index lists read at once while mapping hits to items. */
const LISTS_IN_FLIGHT = 16;

/** The documents a query found, as seen from the searched class. */
export interface SearchHits {
  /** Ids of items of the class itself whose own text matched. */
  own: Set<string>;
  /** Per Link/Multilink property of the class: ids of matching documents it may link. */
  linked: Map<string, Set<string>>;
  /** Matching documents of linked classes (what mapping them to items costs). */
  linkedCount: number;
}

/** Documents matching every word of `query`, grouped for `cls` (no words: no hits). */
export async function searchHits(
  core: Core,
  query: string,
  cls: ClassDef,
): Promise<SearchHits> {
  const hits: SearchHits = {
    own: new Set(),
    linked: new Map(),
    linkedCount: 0,
  };
  const words = queryWords(query);
  if (words.length === 0) return hits;
  const docs = await findDocuments(
    core.kv,
    words.sort((a, b) => b.length - a.length),
    (c, ids) => getRecords(core.kv, c, ids),
  );
  const byClass = new Map<string, Set<string>>();
  for (const doc of docs) {
    const at = doc.indexOf(":");
    const docCls = doc.slice(0, at), id = doc.slice(at + 1);
    if (docCls === cls.name) {
      hits.own.add(id);
      continue;
    }
    let ids = byClass.get(docCls);
    if (!ids) byClass.set(docCls, ids = new Set());
    ids.add(id);
  }
  for (const p of cls.props.values()) {
    if (p.type !== "Multilink" && p.type !== "Link") continue;
    const ids = byClass.get(p.class!);
    if (!ids) continue;
    hits.linked.set(p.name, ids);
    hits.linkedCount += ids.size;
  }
  return hits;
}

/** True when nothing matched. */
export function noHits(hits: SearchHits): boolean {
  return hits.own.size === 0 && hits.linkedCount === 0;
}

/** Whether an item's values hold a hit: its own id, or a linked matching document. */
export function hitTest(hits: SearchHits): Predicate {
  const linked = [...hits.linked];
  return (id, v) => {
    if (hits.own.has(id)) return true;
    for (const [prop, ids] of linked) {
      const value = v[prop];
      if (Array.isArray(value)) {
        for (const x of value) if (ids.has(x as string)) return true;
      } else if (value != null && ids.has(value as string)) return true;
    }
    return false;
  };
}

/** Ids of items holding a hit (retired ones too), read through the link indexes; sorted. */
export async function hitIds(
  core: Core,
  cls: ClassDef,
  hits: SearchHits,
): Promise<string[]> {
  const found = new Set(hits.own);
  const todo: Array<[string, string]> = [];
  for (const [prop, ids] of hits.linked) {
    for (const id of ids) todo.push([prop, id]);
  }
  // A few index lists in flight at once keep KV busy without a promise per hit.
  const worker = async () => {
    for (let next = todo.pop(); next; next = todo.pop()) {
      const prefix = keys.idxValuePrefix(cls.name, next[0], Number(next[1]));
      for await (const e of core.kv.list({ prefix })) {
        found.add(String(e.key[4]));
      }
    }
  };
  await Promise.all(Array.from({ length: LISTS_IN_FLIGHT }, worker));
  return [...found].sort((a, b) => Number(a) - Number(b));
}

/** Ids of live `cls` items matching all words: in their own text or in one linked document. */
export async function searchWords(
  core: Core,
  query: string,
  cls: ClassDef,
): Promise<string[]> {
  const hits = await searchHits(core, query, cls);
  if (noHits(hits)) return [];
  const ids = await hitIds(core, cls, hits);
  const recs = await getRecords(core.kv, cls.name, ids);
  return ids.filter((_, i) => recs[i] && !recs[i]!.retired);
}
