/**
 * Commits for bulk loading (bulk.ts): mutations laid out in advance, split into commits within
 * KV's limits, and sent with a few commits in flight at once so that KV always has the next one
 * while the caller prepares more. Each commit is serialised before it waits for a free place.
 */
import { ConflictError, TooLargeError } from "./errors.ts";
import { MAX_MUTATIONS } from "./atomic_plan.ts";
import { changeKeys } from "./keys.ts";
import { CountSums } from "./counts.ts";

/** One KV write laid out in advance. */
export interface Mutation {
  key: Deno.KvKey;
  value: unknown;
  /** Upper bounds of the encoded key, and of key and value together. */
  keySize: number;
  size: number;
  /** Count keys (counts.ts) this write adds one to, summed in the same commit. */
  counts?: Deno.KvKey[];
}

/** KV allows 819,200 bytes of keys and values and 81,920 bytes of keys per commit. */
const MAX_BYTES = 700_000;
const MAX_KEY_BYTES = 76_000;
const LOCKED_RETRIES = 20;

/** A mutation with its size bounds. */
export function mutation(
  key: Deno.KvKey,
  value: unknown,
  counts?: Deno.KvKey[],
): Mutation {
  const k = keySize(key);
  const m: Mutation = { key, value, keySize: k, size: k + valueSize(value) };
  if (counts?.length) m.counts = counts;
  return m;
}

/** Adds checks and extra writes to a commit when it is sent. */
export type Guard = (op: Deno.AtomicOperation) => void;

/** Sends commits in order with at most `depth` in flight; the first failure fails the rest. */
export class CommitQueue {
  #kv: Deno.Kv;
  #depth: number;
  #inFlight = new Set<Promise<string>>();
  #tasks = new Set<Promise<unknown>>();
  #failure: { error: unknown } | null = null;
  /** What a failed check means, for the ConflictError thrown then. */
  #conflict: string;

  constructor(kv: Deno.Kv, conflict: string, depth = 3) {
    this.#kv = kv;
    this.#conflict = conflict;
    this.#depth = depth;
  }

  /** Serialises the mutations into an atomic operation (guard and commit come later). */
  operation(muts: Mutation[]): Deno.AtomicOperation {
    const op = this.#kv.atomic();
    const counts = new CountSums();
    for (const m of muts) {
      op.set(m.key, m.value);
      for (const key of m.counts ?? []) counts.add(key, 1);
    }
    // The counts go with the records they count, so a split commit splits them too.
    for (const [key, n] of counts.operands()) op.sum(key, n);
    // Bulk loads bump the change counter too (store/changes.ts); chunks() leaves room for it.
    op.sum(changeKeys.counter(), 1n);
    return op;
  }

  /** Waits until fewer than `depth` commits are in flight; throws an earlier commit's failure. */
  async ready(): Promise<void> {
    while (this.#inFlight.size >= this.#depth) {
      await Promise.race(this.#inFlight).catch(() => {});
    }
    if (this.#failure) throw this.#failure.error;
  }

  /** Sends one commit; resolves to its versionstamp once committed. */
  send(
    muts: Mutation[],
    op: Deno.AtomicOperation,
    guard?: Guard,
  ): Promise<string> {
    const p = this.#commit(muts, op, guard);
    this.#inFlight.add(p);
    p.then(
      () => this.#inFlight.delete(p),
      (error) => {
        this.#inFlight.delete(p);
        this.#failure ??= { error };
      },
    );
    return p;
  }

  /** Counts a task that sends commits of its own: drain() waits for it, its failure fails the rest. */
  track(task: Promise<unknown>): void {
    this.#tasks.add(task);
    task.then(
      () => this.#tasks.delete(task),
      (error) => {
        this.#tasks.delete(task);
        this.#failure ??= { error };
      },
    );
  }

  /** Waits until the commits in flight have ended, whatever their outcome. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Waits for every task and commit; throws the first failure. */
  async drain(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
    await this.settled();
    if (this.#failure) throw this.#failure.error;
  }

  /** Commits; retries while the database is locked, halves the commit when KV finds it too large. */
  async #commit(
    muts: Mutation[],
    op: Deno.AtomicOperation,
    guard?: Guard,
  ): Promise<string> {
    for (let attempt = 0;; attempt++) {
      guard?.(op);
      let res: Deno.KvCommitResult | Deno.KvCommitError;
      try {
        res = await op.commit();
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;
        if (/database is locked|busy/i.test(e.message)) {
          if (attempt >= LOCKED_RETRIES) throw e;
          await new Promise((r) => setTimeout(r, 5 * (attempt + 1)));
          op = this.operation(muts);
          continue;
        }
        if (!/too large|too many/i.test(e.message)) throw e;
        if (muts.length <= 1) {
          throw new TooLargeError(
            `Cannot commit: ${e.message}; store less in one item or commit in smaller batches`,
          );
        }
        const half = Math.ceil(muts.length / 2);
        const first = muts.slice(0, half), rest = muts.slice(half);
        await this.#commit(first, this.operation(first), guard);
        return await this.#commit(rest, this.operation(rest), guard);
      }
      if (!res.ok) throw new ConflictError(this.#conflict);
      return res.versionstamp;
    }
  }
}

/**
 * Splits mutations into commits within KV's limits, keeping `spare` writes free in each besides
 * the change counter's sum and one sum per distinct count key of the mutations (operation()).
 */
export function* chunks(
  muts: Mutation[],
  spare: number,
): Generator<Mutation[]> {
  let start = 0;
  let bytes = 0;
  let keyBytes = 0;
  let counts = new Set<string>();
  for (let i = 0; i < muts.length; i++) {
    const m = muts[i]!;
    const fresh = (m.counts ?? []).map((k) => JSON.stringify(k))
      .filter((k) => !counts.has(k));
    const writes = i - start + 1 + counts.size + new Set(fresh).size;
    if (
      i > start &&
      (writes > MAX_MUTATIONS - spare - 1 || bytes + m.size > MAX_BYTES ||
        keyBytes + m.keySize > MAX_KEY_BYTES)
    ) {
      yield muts.slice(start, i);
      start = i;
      bytes = keyBytes = 0;
      counts = new Set();
    }
    bytes += m.size;
    keyBytes += m.keySize;
    for (const k of m.counts ?? []) counts.add(JSON.stringify(k));
  }
  if (start < muts.length) yield muts.slice(start);
}

/** KV orders key parts by type first (an Uint8Array is an "object" here). */
const RANK = ["object", "string", "number", "bigint", "boolean"];

/** KV's key order, near enough to write in order (strings by UTF-16 rather than UTF-8 units). */
export function compareMutations(a: Mutation, b: Mutation): number {
  const x = a.key, y = b.key;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i] as string | number, q = y[i] as string | number;
    if (p === q) continue;
    const tp = typeof p, tq = typeof q;
    if (tp !== tq) return RANK.indexOf(tp) - RANK.indexOf(tq);
    return p < q ? -1 : p > q ? 1 : 0;
  }
  return x.length - y.length;
}

/** An upper bound of a key's encoded size. */
function keySize(key: Deno.KvKey): number {
  let n = 0;
  for (const part of key) {
    n += typeof part === "string"
      ? 3 * part.length + 2
      : part instanceof Uint8Array
      ? 2 * part.length + 2
      : 10;
  }
  return n;
}

/** An upper bound of a value's stored size (UTF-8 JSON, bytes as base64: store/value_codec.ts). */
function valueSize(v: unknown): number {
  if (typeof v === "string") return 3 * v.length + 6;
  if (v === null || typeof v !== "object") return 24;
  if (v instanceof Uint8Array) return Math.ceil(v.length / 3) * 4 + 16;
  let n = 6;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) n += valueSize(v[i]);
    return n;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) n += 3 * k.length + 6 + valueSize(o[k]);
  return n;
}
