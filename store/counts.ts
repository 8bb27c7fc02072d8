/**
 * Live counts kept beside the items, so that the common index pages show exact totals at the
 * cost of a read or two: per class the number of live (not retired) items, and per Link property
 * and value (-1: not set) the number of live items with that value. Every commit that writes an
 * item adds the change of its counts (CountSums) to the same atomic commit, as KV sums on KvU64:
 * sums never conflict, so concurrent writers do not retry over them, and a commit that fails its
 * checks adds nothing. A sum wraps modulo 2^64, so adding 2^64 - n subtracts n (checked on a real
 * KV file in counts_test.ts). Stores of format 2 have no counts: migrate builds them (format.ts).
 */
import type { ClassDef } from "./schema.ts";
import type { ItemRecord } from "./record.ts";
import type { FilterOptions } from "./filter_spec.ts";
import { countKeys, keys as itemKeys } from "./keys.ts";

/** KV sums wrap modulo 2^64: adding WRAP - n subtracts n. */
const WRAP = 1n << 64n;
/** Counts above this are not believed (a wrapped negative would be near 2^64). */
const SANE = BigInt(Number.MAX_SAFE_INTEGER);
const ID = /^(-1|[1-9][0-9]*)$/;

/** Link properties whose values are counted: all but creator and actor, as the index keeps them. */
export function countedLinks(cls: ClassDef): string[] {
  const out: string[] = [];
  for (const p of cls.props.values()) {
    if (p.type === "Link" && p.name !== "creator" && p.name !== "actor") {
      out.push(p.name);
    }
  }
  return out;
}

/** The counted Link properties of each class, as the database records them (format.ts). */
export type CountLayout = Record<string, string[]>;

/** The layout of counts the given classes keep. */
export function countLayout(classes: Iterable<ClassDef>): CountLayout {
  const out: CountLayout = {};
  for (const cls of classes) out[cls.name] = countedLinks(cls).sort();
  return out;
}

/** Whether counts kept under `layout` count what `cls` counts now. */
export function sameLayout(layout: CountLayout, cls: ClassDef): boolean {
  const had = layout[cls.name];
  const now = countedLinks(cls).sort();
  return had !== undefined && had.length === now.length &&
    had.every((p, i) => p === now[i]);
}

/** The count keys a record adds one to: none when it is absent or retired. */
export function countSlots(
  cls: ClassDef,
  rec: ItemRecord | null | undefined,
): Deno.KvKey[] {
  if (!rec || rec.retired) return [];
  const out = [countKeys.live(cls.name)];
  for (const prop of countedLinks(cls)) {
    const v = rec.values[prop];
    out.push(countKeys.link(cls.name, prop, v == null ? -1 : Number(v)));
  }
  return out;
}

/** A KV sum operand that adds `n` (negative: subtracts) modulo 2^64. */
export function u64Delta(n: number): bigint {
  return n >= 0 ? BigInt(n) : WRAP + BigInt(n);
}

/** The changes of counts one commit makes, summed per key. */
export class CountSums {
  #sums = new Map<string, { key: Deno.KvKey; n: number }>();

  /** Adds the change of one item from `before` to `after` (null: absent). */
  change(
    cls: ClassDef,
    before: ItemRecord | null | undefined,
    after: ItemRecord | null | undefined,
  ): void {
    for (const key of countSlots(cls, before)) this.add(key, -1);
    for (const key of countSlots(cls, after)) this.add(key, 1);
  }

  add(key: Deno.KvKey, n: number): void {
    const k = JSON.stringify(key);
    const got = this.#sums.get(k);
    if (got) got.n += n;
    else this.#sums.set(k, { key, n });
  }

  /** The sums that change something, as KV sum operands. */
  operands(): Array<[Deno.KvKey, bigint]> {
    const out: Array<[Deno.KvKey, bigint]> = [];
    for (const { key, n } of this.#sums.values()) {
      if (n !== 0) out.push([key, u64Delta(n)]);
    }
    return out;
  }

  /** The counts as absolute values (a scan's result, see format.ts). */
  values(): Array<[Deno.KvKey, bigint]> {
    return [...this.#sums.values()].filter((s) => s.n > 0).map((
      s,
    ) => [s.key, BigInt(s.n)]);
  }
}

/**
 * The count keys whose sum is the number of items `opts` matches, or null when the counts cannot
 * tell: the whole class, or one Link property with one or more ids (-1: not set), live items
 * only, no search, no id list.
 */
export function countKeysFor(
  cls: ClassDef,
  opts: FilterOptions,
): Deno.KvKey[] | null {
  if (opts.only !== undefined || opts.search !== undefined) return null;
  if (opts.retired !== undefined && opts.retired !== false) return null;
  if (Object.keys(opts.exact ?? {}).length > 0) return null;
  const spec = Object.entries(opts.filterspec ?? {});
  if (spec.length === 0) return [countKeys.live(cls.name)];
  if (spec.length > 1) return null;
  const [name, raw] = spec[0]!;
  if (!countedLinks(cls).includes(name)) return null;
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  if (!values.every((v) => ID.test(v))) return null;
  return [...new Set(values)].map((v) =>
    countKeys.link(cls.name, name, Number(v))
  );
}

/** The sum of the counts under `keys` (absent: 0), or null when one is not believable. */
export async function sumCounts(
  kv: Deno.Kv,
  keys: Deno.KvKey[],
): Promise<number | null> {
  let total = 0n;
  for (let i = 0; i < keys.length; i += 10) {
    for (const e of await kv.getMany(keys.slice(i, i + 10))) {
      if (e.value === null) continue;
      if (!(e.value instanceof Deno.KvU64) || e.value.value > SANE) return null;
      total += e.value.value;
    }
  }
  return total > SANE ? null : Number(total);
}

/** Counts of every live item of the given classes, from one scan of their records. */
export async function scanCounts(
  kv: Deno.Kv,
  classes: Iterable<ClassDef>,
): Promise<CountSums> {
  const sums = new CountSums();
  for (const cls of classes) {
    for await (
      const e of kv.list<ItemRecord>(
        { prefix: itemKeys.itemPrefix(cls.name) },
        {
          batchSize: 1000,
        },
      )
    ) sums.change(cls, null, e.value);
  }
  return sums;
}

/**
 * The live count of each value (-1: not set) of the counted Link `prop` of `cls`, read in one
 * listing; null when one is not believable.
 */
export async function linkCounts(
  kv: Deno.Kv,
  cls: string,
  prop: string,
): Promise<Map<string, number> | null> {
  const out = new Map<string, number>();
  for await (const e of kv.list({ prefix: countKeys.live(cls) })) {
    if (e.key[2] !== prop || e.key.length !== 4) continue;
    if (!(e.value instanceof Deno.KvU64) || e.value.value > SANE) return null;
    out.set(String(e.key[3]), Number(e.value.value));
  }
  return out;
}
