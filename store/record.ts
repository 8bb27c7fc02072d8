/** Stored item records and the pure computation of the index keys they own. */
import type { ClassDef } from "./schema.ts";
import { type IndexValue, keys } from "./keys.ts";
import { indexWords } from "./words.ts";

/** Property values of an item, keyed by property name (automatic ones included). */
export type Values = Record<string, unknown>;

/** Where a FileClass item's content lives: in blob chunks under one blob id. */
export interface ContentRef {
  blob: string;
  size: number;
  chunks: number;
}

/** One item as stored under ["item", cls, id]. */
export interface ItemRecord {
  id: string;
  rev: number;
  retired: boolean;
  values: Values;
  content?: ContentRef;
}

/** One journal entry as stored under ["journal", cls, id, …]. */
export interface JournalEntry {
  date: number;
  user: string;
  action: "create" | "set" | "retired" | "restored" | "link" | "unlink";
  params: unknown;
}

/** Value stored in the index for an empty Link or Multilink (so '-1' filters use the index). */
export const EMPTY_LINK = -1;

/** The ["idx", …] keys an item owns: Link/Multilink/Date/Number/Integer/Boolean values. */
export function indexKeysOf(cls: ClassDef, rec: ItemRecord): Deno.KvKey[] {
  const out: Deno.KvKey[] = [];
  const add = (prop: string, v: IndexValue) =>
    out.push(keys.idx(cls.name, prop, v, rec.id));
  for (const p of cls.props.values()) {
    const v = rec.values[p.name];
    switch (p.type) {
      case "Link":
        add(p.name, v == null ? EMPTY_LINK : Number(v));
        break;
      case "Multilink": {
        const ids = (v as string[] | undefined) ?? [];
        if (ids.length === 0) add(p.name, EMPTY_LINK);
        for (const id of ids) add(p.name, Number(id));
        break;
      }
      case "Date":
      case "Number":
      case "Integer":
        if (typeof v === "number") add(p.name, v);
        break;
      case "Boolean":
        if (typeof v === "boolean") add(p.name, v);
        break;
    }
  }
  return out;
}

/** The ["word", …] keys for one indexed String property (or content) of an item. */
export function wordKeysFor(
  cls: string,
  id: string,
  prop: string,
  text: unknown,
): Deno.KvKey[] {
  if (typeof text !== "string") return [];
  return indexWords(text).map((w) => keys.word(w, cls, id, prop));
}

/** Keys in `next` but not `old` (to set) and in `old` but not `next` (to delete). */
export function diffKeys(
  old: Deno.KvKey[],
  next: Deno.KvKey[],
): { add: Deno.KvKey[]; remove: Deno.KvKey[] } {
  const str = (k: Deno.KvKey) => JSON.stringify(k);
  const oldSet = new Set(old.map(str));
  const nextSet = new Set(next.map(str));
  return {
    add: next.filter((k) => !oldSet.has(str(k))),
    remove: old.filter((k) => !nextSet.has(str(k))),
  };
}
