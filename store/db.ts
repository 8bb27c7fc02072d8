/** An open tracker database: class handles, transactions with retry, detectors, full-text search. */
import { type Schema } from "./schema.ts";
import {
  type Action,
  addDetector,
  type Auditor,
  type ChangeEvent,
  Core,
  type CoreOptions,
  type Reactor,
} from "./core.ts";
import { RetrySignal, Tx } from "./tx.ts";
import { ClassHandle, type Runner } from "./class_handle.ts";
import { ConflictError } from "./errors.ts";
import { searchWords } from "./search.ts";
import { keys } from "./keys.ts";
import { deletePrefix, packJournal, reindexItems } from "./maintenance.ts";
import type { ItemRecord } from "./record.ts";
import { checkReadable, migrateFormat } from "./format.ts";

const MAX_ATTEMPTS = 40;

export interface DbOptions extends CoreOptions {
  /** User id recorded as actor when a write names none (default "1", the admin). */
  actor?: string;
}

/** The tracker database handle. */
export class Db {
  readonly core: Core;
  readonly actor: string;
  #handles = new Map<string, ClassHandle>();
  #cache: Map<string, ItemRecord | null> | undefined;

  constructor(
    kv: Deno.Kv,
    schema: Schema,
    opts: DbOptions = {},
    view?: { core: Core; cache: Map<string, ItemRecord | null> },
  ) {
    this.core = view?.core ?? new Core(kv, schema, opts);
    this.actor = opts.actor ?? "1";
    this.#cache = view?.cache;
  }

  /**
   * The same database, but its class handles remember every record they read: what the
   * reactors of one commit get, since they read the same users and statuses over and over.
   */
  cachedView(): Db {
    return new Db(this.core.kv, this.core.schema, { actor: this.actor }, {
      core: this.core,
      cache: new Map(),
    });
  }

  get kv(): Deno.Kv {
    return this.core.kv;
  }

  get schema(): Schema {
    return this.core.schema;
  }

  /** Names of all classes, sorted. */
  classNames(): string[] {
    return [...this.core.schema.classes.keys()].sort();
  }

  /** The handle of a class; NotFoundError for an unknown class. @example db.cls("issue") */
  cls(name: string): ClassHandle {
    let h = this.#handles.get(name);
    if (!h) {
      h = new ClassHandle(
        this.core,
        this.core.classDef(name),
        null,
        (fn) => this.transact(fn),
        this.#cache,
      );
      this.#handles.set(name, h);
    }
    return h;
  }

  /**
   * Runs `fn` in a transaction and commits it as one atomic write, re-running `fn` when another
   * writer got there first; reactors run after the commit.
   * @example await db.transact(async (tx) => { await tx.create("issue", { title: "x" }); })
   */
  async transact<T>(
    fn: (tx: Tx) => Promise<T>,
    opts: { actor?: string } = {},
  ): Promise<T> {
    for (let attempt = 0;; attempt++) {
      const tx = new Tx(this.core, opts.actor ?? this.actor);
      const result = await fn(tx);
      try {
        const events = await tx.commit();
        // A view's remembered records may predate this write.
        this.#cache?.clear();
        await this.runReactors(events);
        return result;
      } catch (e) {
        if (!(e instanceof RetrySignal)) throw e;
        if (attempt >= MAX_ATTEMPTS) {
          throw new ConflictError(
            "Cannot save the change: other writers kept changing the same items; try again",
          );
        }
        await new Promise((r) =>
          setTimeout(r, Math.random() * 5 * (attempt + 1))
        );
      }
    }
  }

  /** Runs reactors for committed events; a failing reactor is reported, never undoes the commit. */
  async runReactors(events: ChangeEvent[]): Promise<void> {
    const followUps: Array<(tx: Tx) => Promise<unknown>> = [];
    const view = this.cachedView();
    const defer = (fn: (tx: Tx) => Promise<unknown>) => void followUps.push(fn);
    for (const ev of events) {
      for (const fn of this.core.reactorsFor(ev.cls, ev.action)) {
        try {
          await fn({ ...ev, db: view, defer });
        } catch (e) {
          this.core.onReactorError(e, ev);
        }
      }
    }
    if (followUps.length === 0) return;
    try {
      // One commit for all follow-ups (e.g. recipients of every nosy mail sent).
      await this.transact(async (tx) => {
        for (const fn of followUps) await fn(tx);
      });
    } catch (e) {
      this.core.onReactorError(e, events[0]!);
    }
  }

  /** Class handle bound to a transaction (reads see its changes, writes join it). */
  handleIn(tx: Tx, name: string): ClassHandle {
    return new ClassHandle(
      this.core,
      this.core.classDef(name),
      tx,
      (fn) => fn(tx),
    );
  }

  /** Registers an auditor: it runs before the commit and may change or Reject the change. */
  audit(cls: string, action: Action, fn: Auditor, priority = 100): void {
    addDetector(this.core.auditors, cls, action, fn, priority);
  }

  /** Registers a reactor: it runs after the commit. */
  react(cls: string, action: Action, fn: Reactor<Db>, priority = 100): void {
    addDetector(this.core.reactors, cls, action, fn as Reactor, priority);
  }

  /** Ids of `cls` items whose indexed text, or a linked msg/file, holds every word of `query`. */
  search(query: string, cls: string): Promise<string[]> {
    return searchWords(this.core, query, this.core.classDef(cls));
  }

  /** A long-lived batch (admin shell): changes accumulate until commit() and are replayed on conflict. */
  session(): Session {
    return new Session(this);
  }

  /** A tracker-wide setting stored beside the items (schema, config, initialised flag). */
  async getMeta<T>(name: string): Promise<T | null> {
    return (await this.core.kv.get<T>(keys.meta(name))).value;
  }

  async setMeta(name: string, value: unknown): Promise<void> {
    await this.core.kv.set(keys.meta(name), value);
  }

  /** Deletes every item, journal, index and setting (re-initialising a tracker). */
  async wipe(): Promise<void> {
    await deletePrefix(this.core.kv, []);
    // The next write gives the empty database the current format again.
    this.core.formatChecked = false;
    this.core.countLayout = null;
  }

  /**
   * Refuses a database written by a newer program (an older one can be read, and is refused
   * writes until migrated); returns its store format, or "empty".
   * @example await db.checkFormat() // 1
   */
  checkFormat(): Promise<number | "empty"> {
    return checkReadable(this.core.kv);
  }

  /** Brings an older database to the current store format (roundup admin migrate). */
  migrateFormat(): Promise<
    { from: number | "empty"; to: number; counted: boolean }
  > {
    return migrateFormat(this.core);
  }

  /** Removes journal entries older than `before` (ms), keeping creation entries; returns the count. */
  pack(before: number): Promise<number> {
    return packJournal(this, before);
  }

  /** Rebuilds index keys and full-text postings (of one class, some items, or everything). */
  reindex(cls?: string, ids?: string[]): Promise<number> {
    if (cls !== undefined) this.core.classDef(cls);
    return reindexItems(this, cls, ids);
  }

  close(): void {
    this.core.kv.close();
  }
}

/** Accumulates changes over many calls; commit() writes them as one transaction. */
export class Session {
  #db: Db;
  #ops: Array<(tx: Tx) => Promise<unknown>> = [];
  #tx: Tx;
  #handles = new Map<string, ClassHandle>();

  constructor(db: Db) {
    this.#db = db;
    this.#tx = new Tx(db.core, db.actor);
  }

  /** Handle whose writes join this session. */
  cls(name: string): ClassHandle {
    let h = this.#handles.get(name);
    if (!h) {
      const run: Runner = async (fn) => {
        const r = await fn(this.#tx);
        this.#ops.push(fn);
        return r;
      };
      h = new ClassHandle(
        this.#db.core,
        this.#db.core.classDef(name),
        this.#tx,
        run,
      );
      this.#handles.set(name, h);
    }
    return h;
  }

  get dirty(): boolean {
    return this.#ops.length > 0;
  }

  /** Writes all accumulated changes atomically. */
  async commit(): Promise<void> {
    if (!this.dirty) return;
    const ops = this.#ops;
    await this.#db.transact(async (tx) => {
      for (const op of ops) await op(tx);
    });
    this.rollback();
  }

  /** A mark of the changes so far, for rollbackTo(). */
  savepoint(): number {
    return this.#ops.length;
  }

  /** Forgets the changes made after `mark` (a failed shell command), keeping the earlier ones. */
  async rollbackTo(mark: number): Promise<void> {
    if (mark >= this.#ops.length) return;
    const keep = this.#ops.slice(0, mark);
    this.rollback();
    for (const op of keep) await op(this.#tx);
    this.#ops = keep;
  }

  /** Forgets all accumulated changes. */
  rollback(): void {
    this.#ops = [];
    this.#tx = new Tx(this.#db.core, this.#db.actor);
    this.#handles.clear();
  }
}
