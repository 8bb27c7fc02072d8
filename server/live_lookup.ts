/**
 * What `/@@api/lookup/CLASS?q=` suggests to the pickers: up to `limit` items whose name (the
 * key, or the id in a class without a key) starts with q, then items whose name or detail (real
 * name, or the label of a class without a key) contains q.
 *
 * It reads as little of a large class as it can: a class without a key is named by id, so the
 * ids starting with q are read directly (q, q0..q9, q00..q99, … in id order), and the items
 * whose id or label holds q are then read in id order in batches until the list is full; a
 * class with a key is read in batches that stop once `limit` names start with q.
 */
import type {
  ClassDef,
  FilterOptions,
  FilterPage,
  ItemRecord,
} from "../store/mod.ts";

/** The part of a class handle the lookup reads through. */
export interface LookupSource {
  list(): Promise<string[]>;
  filter(opts: FilterOptions): Promise<string[]>;
  filterPage(opts: FilterOptions): Promise<FilterPage>;
  records(ids: string[]): Promise<(ItemRecord | null)[]>;
}

/** One suggestion. */
export interface Suggestion {
  id: string;
  name: string;
  detail?: string;
}

export interface LookupOptions {
  /** May the user see this item? */
  mayView(id: string): Promise<boolean>;
  /** May the user see the detail property of this item? */
  mayViewDetail(id: string): Promise<boolean>;
  limit?: number;
  /** Items read at once. */
  batch?: number;
}

const BY_ID: FilterOptions["sort"] = [["+", "id"]];
/** Batches read whole before the store's filter is asked for the label matches. */
const WALK = 4;

/** The suggestions for `q` (already trimmed and lower-cased). */
export async function lookupItems(
  src: LookupSource,
  def: ClassDef,
  q: string,
  opts: LookupOptions,
): Promise<Suggestion[]> {
  const limit = opts.limit ?? 12;
  const batch = opts.batch ?? 500;
  const keyProp = def.key;
  const detailProp = def.props.has("realname")
    ? "realname"
    : keyProp
    ? undefined
    : def.labelprop;
  const starts: Suggestion[] = [], contains: Suggestion[] = [];
  const seen = new Set<string>();
  const full = () => starts.length >= limit;
  async function consider(r: ItemRecord | null): Promise<void> {
    if (!r || r.retired || seen.has(r.id)) return;
    seen.add(r.id);
    if (!(await opts.mayView(r.id))) return;
    const name = keyProp ? String(r.values[keyProp] ?? "") : r.id;
    if (!name) return;
    const detail = detailProp && await opts.mayViewDetail(r.id)
      ? String(r.values[detailProp] ?? "")
      : "";
    const s = { id: r.id, name, ...(detail ? { detail } : {}) };
    if (name.toLowerCase().startsWith(q)) starts.push(s);
    else if (q && `${name} ${detail}`.toLowerCase().includes(q)) {
      contains.push(s);
    }
  }
  async function readAll(ids: string[], stop = full): Promise<void> {
    for (let i = 0; i < ids.length && !stop(); i += batch) {
      for (const r of await src.records(ids.slice(i, i + batch))) {
        await consider(r);
        if (stop()) break;
      }
    }
  }
  if (keyProp) {
    await readAll(await src.list());
  } else {
    if (q === "") {
      const page = await src.filterPage({ sort: BY_ID, limit });
      await readAll(page.ids);
    } else if (/^[1-9]\d*$/.test(q)) {
      await readIdPrefix(src, q, { batch, readAll }, full);
    }
    if (q && !full()) {
      // Then the items whose id or label holds q, in id order: the first few batches are read
      // (a common q fills the list there); past them only the ids holding q and the items the
      // store's filter finds by label are read.
      const enough = () => starts.length + contains.length >= limit;
      const max = await lastId(src);
      let only: Set<string> | undefined;
      for (let n = 1; n <= max && !enough(); n += batch) {
        if (!only && n > WALK * batch) {
          only = new Set(
            detailProp
              ? await src.filter({ filterspec: { [detailProp]: q } })
              : [],
          );
        }
        const ids: string[] = [];
        for (let i = n; i < n + batch && i <= max; i++) {
          const id = String(i);
          if (!only || id.includes(q) || only.has(id)) ids.push(id);
        }
        await readAll(ids, enough);
      }
    }
  }
  return [...starts, ...contains].slice(0, limit);
}

/** Reads the ids that start with the digits q, in id order, until `full()` or past the last id. */
async function readIdPrefix(
  src: LookupSource,
  q: string,
  step: { batch: number; readAll(ids: string[]): Promise<void> },
  full: () => boolean,
): Promise<void> {
  const max = await lastId(src);
  for (let lo = Number(q), width = 1; lo <= max && !full(); lo *= 10) {
    const end = Math.min(lo + width - 1, max);
    for (let n = lo; n <= end && !full(); n += step.batch) {
      const ids: string[] = [];
      for (let i = n; i <= Math.min(end, n + step.batch - 1); i++) {
        ids.push(String(i));
      }
      await step.readAll(ids);
    }
    width *= 10;
  }
}

/** The highest live id (0 when there is none). */
async function lastId(src: LookupSource): Promise<number> {
  const page = await src.filterPage({ sort: [["-", "id"]], limit: 1 });
  return Number(page.ids[0] ?? 0);
}
