/** The typed per-class API (create, set, get, list, find, filter, lookup, retire, restore, history). */
import type { ClassDef } from "./schema.ts";
import type { Core } from "./core.ts";
import type { Tx, WriteOptions } from "./tx.ts";
import { keys } from "./keys.ts";
import { InvalidValueError, NotFoundError } from "./errors.ts";
import {
  createdEntry,
  type ItemRecord,
  type JournalEntry,
  type Values,
} from "./record.ts";
import { readContent } from "./content.ts";
import { getRecords } from "./reads.ts";
import { filterPage, runFilter } from "./filter.ts";
import { derivedLinkEntries, mergeHistory } from "./derived_links.ts";
import { scanJournal } from "./journal_scan.ts";
import { inNameOrder } from "./journal.ts";
import { readKeyEntry } from "./tx_state.ts";
import type { FilterOptions, FilterPage } from "./filter_spec.ts";

/** Runs a write, either inside the given transaction or in a fresh one-change transaction. */
export type Runner = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** One journal entry as returned by history(). */
export interface HistoryEntry extends JournalEntry {
  id: string;
}

/** Item values plus id, retired flag and revision. */
export type Item = Values & { id: string; retired: boolean; rev: number };

/** Per-class handle; reads see the transaction's own changes when it has one. */
export class ClassHandle {
  readonly def: ClassDef;
  #core: Core;
  #tx: Tx | null;
  #run: Runner;
  #cache: Map<string, ItemRecord | null> | undefined;

  constructor(
    core: Core,
    def: ClassDef,
    tx: Tx | null,
    run: Runner,
    cache?: Map<string, ItemRecord | null>,
  ) {
    this.#core = core;
    this.def = def;
    this.#tx = tx;
    this.#run = run;
    this.#cache = cache;
  }

  get name(): string {
    return this.def.name;
  }

  /** @example await db.cls("issue").create({ title: "Login fails" }) // "1" */
  create(values: Values, opts?: WriteOptions): Promise<string> {
    return this.#run((tx) => tx.create(this.name, values, opts));
  }

  /** @example await db.cls("issue").set("1", { status: "3" }) */
  set(id: string, values: Values, opts?: WriteOptions): Promise<string[]> {
    return this.#run((tx) => tx.set(this.name, id, values, opts));
  }

  retire(id: string, opts?: WriteOptions): Promise<void> {
    return this.#run((tx) => tx.retire(this.name, id, opts));
  }

  restore(id: string, opts?: WriteOptions): Promise<void> {
    return this.#run((tx) => tx.restore(this.name, id, opts));
  }

  /** The stored record or null. */
  async record(id: string): Promise<ItemRecord | null> {
    if (!/^\d+$/.test(id)) return null;
    if (this.#tx) return await this.#tx.record(this.name, id);
    const k = `${this.name}:${id}`;
    if (this.#cache?.has(k)) return this.#cache.get(k)!;
    const rec =
      (await this.#core.kv.get<ItemRecord>(keys.item(this.name, id))).value;
    this.#cache?.set(k, rec);
    return rec;
  }

  /** The stored records of these ids (null where there is none), read in batches. */
  async records(ids: string[]): Promise<(ItemRecord | null)[]> {
    if (this.#tx || ids.some((id) => !/^\d+$/.test(id))) {
      return await Promise.all(ids.map((id) => this.record(id)));
    }
    const got = await getRecords(this.#core.kv, this.name, ids);
    got.forEach((r, i) => this.#cache?.set(`${this.name}:${ids[i]}`, r));
    return got;
  }

  /** True when the item exists (retired or not). */
  async exists(id: string): Promise<boolean> {
    return (await this.record(id)) !== null;
  }

  async isRetired(id: string): Promise<boolean> {
    return (await this.#must(id)).retired;
  }

  async #must(id: string): Promise<ItemRecord> {
    const r = await this.record(id);
    if (!r) throw new NotFoundError(`${this.name}${id} does not exist`);
    return r;
  }

  /** All values of an item. @example (await db.cls("status").getItem("1")).name // "unread" */
  async getItem(id: string): Promise<Item> {
    const r = await this.#must(id);
    return { ...r.values, id: r.id, retired: r.retired, rev: r.rev };
  }

  /** One property value; "content" of a FileClass item is decoded as UTF-8 text. */
  async get(id: string, prop: string): Promise<unknown> {
    const r = await this.#must(id);
    if (prop === "id") return r.id;
    if (!this.def.props.has(prop)) {
      throw new NotFoundError(`Class "${this.name}" has no property "${prop}"`);
    }
    if (prop === "content" && this.def.base === "FileClass") {
      return new TextDecoder().decode(await this.getContent(id));
    }
    return r.values[prop] ??
      (this.def.props.get(prop)!.type === "Multilink" ? [] : null);
  }

  /** Raw content bytes of a FileClass item. */
  async getContent(id: string): Promise<Uint8Array> {
    return await readContent(this.#core.kv, (await this.#must(id)).content);
  }

  /** Ids of live items (or retired ones, or both with null), in id order. */
  async list(retired: boolean | null = false): Promise<string[]> {
    return await runFilter(this.#core, this.#tx, this.def, { retired });
  }

  /** Id of the live item whose key property is `key`; NotFoundError when there is none. */
  async lookup(key: string): Promise<string> {
    if (!this.def.key) {
      throw new InvalidValueError(`Class "${this.name}" has no key property`);
    }
    const id = this.#tx
      ? await this.#tx.keyOwner(this.name, key)
      : (await readKeyEntry(this.#core.kv, this.name, key)).value;
    if (id === null) {
      throw new NotFoundError(`No ${this.name} has ${this.def.key} "${key}"`);
    }
    return id;
  }

  /** Ids of live items whose Link/Multilink props point at any of the given ids (props or'ed). */
  async find(propspec: Record<string, string | string[]>): Promise<string[]> {
    const found = new Set<string>();
    for (const [prop, ids] of Object.entries(propspec)) {
      const p = this.def.props.get(prop);
      if (!p) {
        throw new NotFoundError(
          `Class "${this.name}" has no property "${prop}"`,
        );
      }
      if (p.type !== "Link" && p.type !== "Multilink") {
        for (const id of await this.filter({ exact: { [prop]: ids } })) {
          found.add(id);
        }
        continue;
      }
      for (const id of await this.filter({ filterspec: { [prop]: ids } })) {
        found.add(id);
      }
    }
    return [...found].sort((a, b) => Number(a) - Number(b));
  }

  /** Roundup's filter: see FilterOptions. @example await db.cls("issue").filter({ filterspec: { status: ["1", "2"] }, sort: [["-", "activity"]], limit: 50 }) */
  async filter(opts: FilterOptions): Promise<string[]> {
    return await runFilter(this.#core, this.#tx, this.def, opts);
  }

  /** filter() with the number of matches in all (`estimated` when extrapolated from a walk). @example await db.cls("issue").filterPage({ search: "crash", sort: [["-", "activity"]], limit: 50 }) // { ids, total, estimated } */
  async filterPage(opts: FilterOptions): Promise<FilterPage> {
    return await filterPage(this.#core, this.#tx, this.def, opts);
  }

  /** Journal entries of an item, oldest first. */
  async history(id: string): Promise<HistoryEntry[]> {
    const created = createdEntry(await this.#must(id));
    const explicit: JournalEntry[] = created ? [created] : [];
    const prefix = keys.journalPrefix(this.name, id);
    for await (const e of this.#core.kv.list<JournalEntry>({ prefix })) {
      explicit.push(e.value);
    }
    const derived = await derivedLinkEntries(
      this.#core,
      this.name,
      id,
      explicit,
    );
    return mergeHistory(derived, explicit).map((e) => ({
      ...inNameOrder(e),
      id,
    }));
  }

  /** Every record of the class (retired ones included) in id order, read in bulk. */
  async *scan(): AsyncGenerator<ItemRecord> {
    const prefix = keys.itemPrefix(this.name);
    for await (
      const e of this.#core.kv.list<ItemRecord>({ prefix }, { batchSize: 1000 })
    ) {
      yield e.value;
    }
  }

  /** Journal entries of every item, grouped by item in id order (as history() gives them). */
  journalScan(): AsyncGenerator<{ id: string; entries: JournalEntry[] }> {
    return scanJournal(this.#core, this.name);
  }

  /** Content bytes of a FileClass record obtained from scan(). */
  contentOf(rec: ItemRecord): Promise<Uint8Array> {
    return readContent(this.#core.kv, rec.content);
  }
}
