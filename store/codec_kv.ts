/**
 * A Deno.Kv whose values go through store/value_codec.ts: every set (plain or atomic) encodes,
 * every get, getMany, list and watch decodes. The store opens every KV handle through
 * `codecKv`, so no store module writes a V8-serialised value.
 */
import { decodeValue, encodeValue } from "./value_codec.ts";
import { holdsBytes } from "./keys.ts";

const WRAPPED = new WeakSet<object>();

function decodeEntry<T>(e: Deno.KvEntryMaybe<unknown>): Deno.KvEntryMaybe<T> {
  if (e.value === null) return e as Deno.KvEntryMaybe<T>;
  return {
    key: e.key,
    value: decodeValue<T>(e.key, e.value),
    versionstamp: e.versionstamp,
  } as Deno.KvEntryMaybe<T>;
}

class CodecAtomic {
  #op: Deno.AtomicOperation;
  constructor(op: Deno.AtomicOperation) {
    this.#op = op;
  }
  check(...checks: Deno.AtomicCheck[]): this {
    this.#op.check(...checks);
    return this;
  }
  mutate(...mutations: Deno.KvMutation[]): this {
    this.#op.mutate(
      ...mutations.map((m) =>
        m.type === "set" ? { ...m, value: encodeValue(m.key, m.value) } : m
      ),
    );
    return this;
  }
  sum(key: Deno.KvKey, n: bigint): this {
    this.#op.sum(key, n);
    return this;
  }
  min(key: Deno.KvKey, n: bigint): this {
    this.#op.min(key, n);
    return this;
  }
  max(key: Deno.KvKey, n: bigint): this {
    this.#op.max(key, n);
    return this;
  }
  set(key: Deno.KvKey, value: unknown, options?: { expireIn?: number }): this {
    this.#op.set(key, encodeValue(key, value), options);
    return this;
  }
  delete(key: Deno.KvKey): this {
    this.#op.delete(key);
    return this;
  }
  enqueue(value: unknown, options?: Parameters<Deno.Kv["enqueue"]>[1]): this {
    this.#op.enqueue(value, options);
    return this;
  }
  commit(): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
    return this.#op.commit();
  }
}

class CodecKv {
  readonly raw: Deno.Kv;
  constructor(raw: Deno.Kv) {
    this.raw = raw;
  }
  async get<T = unknown>(
    key: Deno.KvKey,
    options?: { consistency?: Deno.KvConsistencyLevel },
  ): Promise<Deno.KvEntryMaybe<T>> {
    return decodeEntry<T>(await this.raw.get(key, options));
  }
  async getMany(
    keys: readonly Deno.KvKey[],
    options?: { consistency?: Deno.KvConsistencyLevel },
  ): Promise<Deno.KvEntryMaybe<unknown>[]> {
    return (await this.raw.getMany(keys, options)).map((e) => decodeEntry(e));
  }
  set(
    key: Deno.KvKey,
    value: unknown,
    options?: { expireIn?: number },
  ): Promise<Deno.KvCommitResult> {
    return this.raw.set(key, encodeValue(key, value), options);
  }
  delete(key: Deno.KvKey): Promise<void> {
    return this.raw.delete(key);
  }
  list<T = unknown>(
    selector: Deno.KvListSelector,
    options?: Deno.KvListOptions,
  ): Deno.KvListIterator<T> {
    const it = this.raw.list<T>(selector, options);
    // Index walks list raw-byte keys by the thousand: hand them KV's own iterator, with no
    // extra promise per entry.
    if (holdsBytes(selectorKey(selector))) return it;
    const wrapped = {
      get cursor() {
        return it.cursor;
      },
      async next(): Promise<IteratorResult<Deno.KvEntry<T>, undefined>> {
        const r = await it.next();
        if (r.done) return r;
        return {
          done: false,
          value: decodeEntry<T>(r.value) as Deno.KvEntry<T>,
        };
      },
      [Symbol.asyncIterator]() {
        return wrapped;
      },
    };
    return wrapped as unknown as Deno.KvListIterator<T>;
  }
  atomic(): Deno.AtomicOperation {
    return new CodecAtomic(
      this.raw.atomic(),
    ) as unknown as Deno.AtomicOperation;
  }
  watch(
    keys: readonly Deno.KvKey[],
    options?: { raw?: boolean },
  ): ReadableStream<Deno.KvEntryMaybe<unknown>[]> {
    return this.raw.watch(keys, options).pipeThrough(
      new TransformStream({
        transform: (entries, ctl) => ctl.enqueue(entries.map(decodeEntry)),
      }),
    );
  }
  enqueue(
    value: unknown,
    options?: Parameters<Deno.Kv["enqueue"]>[1],
  ): Promise<Deno.KvCommitResult> {
    return this.raw.enqueue(value, options);
  }
  listenQueue(
    handler: (value: unknown) => Promise<void> | void,
  ): Promise<void> {
    return this.raw.listenQueue(handler);
  }
  close(): void {
    this.raw.close();
  }
  [Symbol.dispose](): void {
    this.raw.close();
  }
}

/**
 * `kv` with the store's value encoding (returned as it is when it has it already).
 * @example const kv = codecKv(await Deno.openKv(path))
 */
export function codecKv(kv: Deno.Kv): Deno.Kv {
  if (WRAPPED.has(kv)) return kv;
  const wrapped = new CodecKv(kv) as unknown as Deno.Kv;
  WRAPPED.add(wrapped);
  return wrapped;
}

/** The KV handle under `kv`, whose values are as KV keeps them (migration and tests). */
export function rawKv(kv: Deno.Kv): Deno.Kv {
  return kv instanceof CodecKv ? kv.raw : kv;
}

/** The key a list selector names first (its prefix, else its start). */
function selectorKey(s: Deno.KvListSelector): Deno.KvKey {
  return "prefix" in s ? s.prefix : s.start;
}
