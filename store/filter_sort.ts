/** In-memory ordering of filter results by a Roundup group+sort spec. */
import type { ClassDef } from "./schema.ts";
import type { ItemRecord } from "./record.ts";
import type { SortSpec } from "./filter_spec.ts";
import type { Core } from "./core.ts";
import type { Tx } from "./tx.ts";
import { getRecords } from "./reads.ts";

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
