/**
 * A transaction's read state that its commit re-checks: the records it read (RecordReads), which
 * item owns each key-property value (KeyClaims) and the per-class id counters (IdCounters).
 */
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import type { ItemRecord } from "./record.ts";
import { readEntries } from "./reads.ts";
import { InvalidValueError, KeyInUseError } from "./errors.ts";

/** Reads the entry of a key-property value (keys.key() refuses one too long for a KV key). */
export async function readKeyEntry(
  kv: Deno.Kv,
  cls: string,
  value: string,
): Promise<Deno.KvEntryMaybe<string>> {
  return await kv.get<string>(keys.key(cls, value));
}

/** The key value of item `id`; InvalidValueError when it is empty or not a string. */
export function keyValueOf(cls: ClassDef, id: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new InvalidValueError(
      `Cannot save ${cls.name}${id}: key property "${cls.key}" must not be empty`,
    );
  }
  return value;
}

/** KeyInUseError when `owner` (who holds `value` now) is an item other than `id`. */
export function refuseKeyInUse(
  cls: ClassDef,
  value: string,
  o: { owner: string | null | undefined; id: string },
): void {
  if (o.owner != null && o.owner !== o.id) {
    throw new KeyInUseError(
      `Key "${value}" is already used by ${cls.name}${o.owner}`,
    );
  }
}

/** A record as a transaction read it, with the versionstamp its commit checks. */
export interface RecordRead {
  key: Deno.KvKey;
  rec: ItemRecord | null;
  vs: string | null;
}

/** The records one transaction read, each read once. */
export class RecordReads {
  #kv: Deno.Kv;
  #reads = new Map<string, RecordRead>();

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /** The stored record (read on first use). */
  async get(cls: string, id: string): Promise<ItemRecord | null> {
    const k = `${cls}:${id}`;
    const cached = this.#reads.get(k);
    if (cached) return cached.rec;
    const key = keys.item(cls, id);
    const r = await this.#kv.get<ItemRecord>(key);
    this.#reads.set(k, { key, rec: r.value, vs: r.versionstamp });
    return r.value;
  }

  /** Reads the records not yet seen in batches, so that later get() calls find them. */
  async prefetch(items: Array<[string, string]>): Promise<void> {
    const todo = new Map<string, [string, string]>();
    for (const x of items) {
      const k = `${x[0]}:${x[1]}`;
      if (!this.#reads.has(k)) todo.set(k, x);
    }
    const got = await readEntries(
      this.#kv,
      [...todo.values()].map(([c, id]) => keys.item(c, id)),
    );
    [...todo.keys()].forEach((k, i) => {
      const e = got[i]!;
      this.#reads.set(k, { key: e.key, rec: e.value, vs: e.versionstamp });
    });
  }

  /** The read of "cls:id", for the commit's check. */
  entry(k: string): RecordRead | undefined {
    return this.#reads.get(k);
  }
}

/** A key-property entry as read, and who owns it after this transaction. */
export interface KeyRead {
  key: Deno.KvKey;
  orig: string | null;
  id: string | null;
  vs: string | null;
}

/** Key-property values read, claimed and released by one transaction. */
export class KeyClaims {
  #kv: Deno.Kv;
  #reads = new Map<string, KeyRead>();

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /** Id owning a key value, as the transaction sees it. */
  async owner(cls: string, value: string): Promise<string | null> {
    const k = `${cls}\0${value}`;
    const hit = this.#reads.get(k);
    if (hit) return hit.id;
    const key = keys.key(cls, value);
    const r = await this.#kv.get<string>(key);
    this.#reads.set(k, { key, orig: r.value, id: r.value, vs: r.versionstamp });
    return r.value;
  }

  /** Gives `value` to item `id`; refuses an empty value or one another item holds. */
  async claim(cls: ClassDef, raw: unknown, id: string): Promise<void> {
    const value = keyValueOf(cls, id, raw);
    refuseKeyInUse(cls, value, {
      owner: await this.owner(cls.name, value),
      id,
    });
    this.#reads.get(`${cls.name}\0${value}`)!.id = id;
  }

  /** Frees `value` (retire, key change). */
  async release(cls: ClassDef, value: unknown): Promise<void> {
    if (typeof value !== "string") return;
    await this.owner(cls.name, value);
    this.#reads.get(`${cls.name}\0${value}`)!.id = null;
  }

  /** Every entry read, for the commit. */
  all(): KeyRead[] {
    return [...this.#reads.values()];
  }
}

/** The ["seq", cls] counters a transaction read, and the last id it handed out per class. */
export class IdCounters {
  #kv: Deno.Kv;
  readonly counters = new Map<string, { vs: string | null; last: number }>();

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  async of(cls: string): Promise<{ vs: string | null; last: number }> {
    let s = this.counters.get(cls);
    if (!s) {
      const r = await this.#kv.get<number>(keys.seq(cls));
      s = { vs: r.versionstamp, last: r.value ?? 0 };
      this.counters.set(cls, s);
    }
    return s;
  }

  async next(cls: string): Promise<string> {
    const s = await this.of(cls);
    s.last += 1;
    return String(s.last);
  }
}
