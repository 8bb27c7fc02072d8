/**
 * Open issues per day by status, derived from the journal: each issue's status at the end of a
 * day is the old value of its first status change after that moment, or its current status. The
 * result is cached per database and keyed by the change counter, so pages reuse it until some
 * commit happens; even then it is reused for `maxAgeMs`, since a day-by-day chart need not
 * follow every commit at once. One computation reads the class's records and journal once.
 */
import type { Db } from "./db.ts";
import { changeCount } from "./changes.ts";
import { keys } from "./keys.ts";
import type { ItemRecord, JournalEntry } from "./record.ts";

const DAY = 86_400_000;

/** What to count. */
export interface DailyStatusOptions {
  /** The issue class (default "issue") and its Link property to "status" (default "status"). */
  cls?: string;
  prop?: string;
  /** How many days up to and including today (UTC), default 90. */
  days?: number;
  /** The clock. */
  now: number;
  /** Status ids counted; others (resolved) are not. Default: all. */
  open?: ReadonlySet<string>;
  /** How long a result outlives later commits, default 60 s. */
  maxAgeMs?: number;
}

/** Issues per status at the end of each day. */
export interface DailyStatusCounts {
  /** "YYYY-MM-DD" (UTC), oldest first. */
  days: string[];
  /** Status id ("" for none) to one count per day. */
  counts: Map<string, number[]>;
}

interface Cached {
  key: string;
  count: bigint;
  at: number;
  value: DailyStatusCounts;
}

const CACHE = new WeakMap<Deno.Kv, Map<string, Cached>>();

/** Open issues by status for each of the last days, from the journal; cached. @example await dailyStatusCounts(db, { now: Date.now() }) */
export async function dailyStatusCounts(
  db: Db,
  o: DailyStatusOptions,
): Promise<DailyStatusCounts> {
  const cls = o.cls ?? "issue", prop = o.prop ?? "status";
  const days = o.days ?? 90;
  const today = Math.floor(o.now / DAY);
  const key = [cls, prop, days, today, [...(o.open ?? [])].join()].join("|");
  const count = await changeCount(db.kv);
  const byKv = CACHE.get(db.kv) ?? new Map<string, Cached>();
  CACHE.set(db.kv, byKv);
  const hit = byKv.get(key);
  if (
    hit &&
    (hit.count === count || o.now - hit.at < (o.maxAgeMs ?? 60_000))
  ) return hit.value;
  const value = await compute(db, cls, prop, today - days + 1, days, o.open);
  byKv.set(key, { key, count, at: o.now, value });
  return value;
}

async function compute(
  db: Db,
  cls: string,
  prop: string,
  firstDay: number,
  days: number,
  open?: ReadonlySet<string>,
): Promise<DailyStatusCounts> {
  // Status changes per issue: [date, old status], in date order as the keys sort.
  const changes = new Map<number, Array<[number, string]>>();
  const prefix = keys.journalClassPrefix(cls);
  for await (
    const e of db.kv.list<JournalEntry>({ prefix }, { batchSize: 1000 })
  ) {
    const j = e.value;
    if (j.action !== "set") continue;
    const params = j.params as Record<string, unknown> | null;
    if (!params || !(prop in params)) continue;
    const id = Number(e.key[2]);
    const list = changes.get(id) ?? [];
    list.push([j.date, String(params[prop] ?? "")]);
    changes.set(id, list);
  }
  const counts = new Map<string, number[]>();
  const ends = Array.from(
    { length: days },
    (_, i) => (firstDay + i + 1) * DAY - 1,
  );
  for await (
    const e of db.kv.list<ItemRecord>({ prefix: keys.itemPrefix(cls) }, {
      batchSize: 1000,
    })
  ) {
    const rec = e.value;
    if (rec.retired) continue;
    const created = rec.created?.date ?? Number(rec.values.creation);
    const current = String(rec.values[prop] ?? "");
    const list = changes.get(Number(rec.id)) ?? [];
    let k = 0;
    for (const [i, end] of ends.entries()) {
      if (end < created) continue;
      while (k < list.length && list[k]![0] <= end) k++;
      const status = k < list.length ? list[k]![1] : current;
      if (open && !open.has(status)) continue;
      let row = counts.get(status);
      if (!row) counts.set(status, row = new Array(days).fill(0));
      row[i]!++;
    }
  }
  return {
    days: ends.map((end) => new Date(end).toISOString().slice(0, 10)),
    counts,
  };
}
