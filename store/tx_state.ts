/**
 * Two pieces of a transaction's read state that its commit re-checks: which item owns each
 * key-property value (KeyClaims) and the per-class id counters (IdCounters).
 */
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import { InvalidValueError, KeyInUseError, TooLargeError } from "./errors.ts";

/**
 * Reads the entry of a key-property value; a value too long for a KV key (2048 bytes with its
 * class) cannot be stored, and is refused with TooLargeError instead of KV's TypeError.
 */
export async function readKeyEntry(
  kv: Deno.Kv,
  cls: string,
  value: string,
): Promise<Deno.KvEntryMaybe<string>> {
  try {
    return await kv.get<string>(keys.key(cls, value));
  } catch (e) {
    if (!(e instanceof TypeError && /too large/i.test(e.message))) throw e;
    const bytes = new TextEncoder().encode(value).length;
    throw new TooLargeError(
      `Cannot use a ${cls} key value of ${bytes} bytes: a key value must be shorter than 2000 bytes`,
      { cause: e },
    );
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
    const r = await readKeyEntry(this.#kv, cls, value);
    this.#reads.set(k, { key, orig: r.value, id: r.value, vs: r.versionstamp });
    return r.value;
  }

  /** Gives `value` to item `id`; refuses an empty value or one another item holds. */
  async claim(cls: ClassDef, value: unknown, id: string): Promise<void> {
    if (typeof value !== "string" || value === "") {
      throw new InvalidValueError(
        `Cannot save ${cls.name}${id}: key property "${cls.key}" must not be empty`,
      );
    }
    const owner = await this.owner(cls.name, value);
    if (owner !== null && owner !== id) {
      throw new KeyInUseError(
        `Key "${value}" is already used by ${cls.name}${owner}`,
      );
    }
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
