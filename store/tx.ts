/**
 * A transaction: changes are applied to an in-memory overlay, then written as ONE atomic KV
 * commit (items, journal entries, index and word keys), guarded by versionstamp checks.
 */
import type { Action, ChangeEvent, Core } from "./core.ts";
import type { ClassDef } from "./schema.ts";
import { ConflictError, InvalidValueError, NotFoundError } from "./errors.ts";
import {
  checkRequired,
  completeNewValues,
  newLinkTargets,
  normaliseValues,
  sameValue,
  splitContent,
} from "./values.ts";
import type { ItemRecord, JournalEntry, LinkStamp, Values } from "./record.ts";
import { creationLinks } from "./journal.ts";
import type { Touched } from "./commit.ts";
import { TxChanges } from "./tx_changes.ts";

/** Options of one write. */
export interface WriteOptions {
  /** User id recorded as actor (and creator). */
  actor?: string;
  /** Revision the caller's form was loaded with: a newer stored revision is a conflict. */
  ifRev?: number;
}

/** Thrown inside a commit when a check failed; the transaction is run again. */
export class RetrySignal extends Error {}

/** One unit of work; create it with `db.transact()`. */
export class Tx {
  readonly core: Core;
  readonly defaultActor: string;
  #c: TxChanges;

  constructor(core: Core, defaultActor: string) {
    this.core = core;
    this.defaultActor = defaultActor;
    this.#c = new TxChanges(core);
  }

  /** The record as this transaction sees it (its own changes included). */
  record(cls: string, id: string): Promise<ItemRecord | null> {
    return this.#c.record(cls, id);
  }

  /** Records changed in this transaction, for overlaying reads. */
  touched(cls: string): ItemRecord[] {
    return this.#c.touchedOf(cls);
  }

  /** True when this transaction holds uncommitted changes. */
  get dirty(): boolean {
    return this.#c.dirty;
  }

  /** Id owning a key value, as this transaction sees it. */
  keyOwner(cls: string, value: string): Promise<string | null> {
    return this.#c.keys.owner(cls, value);
  }

  async #runAuditors(
    cls: ClassDef,
    action: Action,
    id: string | null,
    changes: Values,
    old: Values | null,
    actor: string,
  ) {
    for (const fn of this.core.auditorsFor(cls.name, action)) {
      await fn({ tx: this, cls: cls.name, id, action, changes, old, actor });
    }
  }

  /** The values of a change as the auditors left them, content apart. */
  async #audited(
    cls: ClassDef,
    c: {
      action: Action;
      id: string | null;
      values: Values;
      old: Values | null;
      actor: string;
    },
  ): Promise<{ content: string | Uint8Array | undefined; vals: Values }> {
    const { content, rest } = splitContent(cls, c.values);
    const changes = normaliseValues(cls, rest);
    if (content !== undefined) changes.content = content;
    await this.#runAuditors(cls, c.action, c.id, changes, c.old, c.actor);
    const after = splitContent(cls, changes);
    return { content: after.content, vals: normaliseValues(cls, after.rest) };
  }

  /** Every newly linked item must exist (ids already linked before are not read again). */
  async #checkLinks(
    cls: ClassDef,
    values: Values,
    old?: Values,
  ): Promise<void> {
    const wanted = newLinkTargets(cls, values, old);
    await this.#c.prefetch(wanted.map(([, c, id]) => [c, id]));
    for (const [name, target, id] of wanted) {
      if (!(await this.record(target, id))) {
        throw new NotFoundError(
          `Cannot set ${cls.name}.${name}: ${target}${id} does not exist`,
        );
      }
    }
  }

  #actor(opts?: WriteOptions): string {
    return opts?.actor ?? this.defaultActor;
  }

  /** Creates an item and returns its id. */
  async create(
    clsName: string,
    values: Values,
    opts?: WriteOptions,
  ): Promise<string> {
    const cls = this.core.classDef(clsName);
    const actor = this.#actor(opts);
    const { content: content2, vals } = await this.#audited(cls, {
      action: "create",
      id: null,
      values,
      old: null,
      actor,
    });
    await this.#checkLinks(cls, vals);
    checkRequired(cls, vals);
    const id = await this.#c.ids.next(cls.name);
    if (cls.key) await this.#c.keys.claim(cls, vals[cls.key], id);
    const now = this.core.now();
    completeNewValues(cls, vals, { now, actor });
    const after: ItemRecord = { id, rev: 1, retired: false, values: vals };
    const touched: Touched = {
      cls,
      before: null,
      after,
      linkStamp: [now, actor],
    };
    if (cls.base === "FileClass") {
      this.#c.attachContent(touched, content2 ?? "", vals);
    }
    this.#c.touch(`${cls.name}:${id}`, touched);
    // The "create" entry goes into the record, and the "link" entries this creation implies for
    // linked items are derived when their history is read (see derived_links.ts): no journal
    // keys at all for a creation.
    after.created = { date: now, user: actor };
    const links = creationLinks(cls, vals);
    if (links) after.created.links = links;
    this.#c.events.push({
      cls: cls.name,
      id,
      action: "create",
      old: null,
      new: vals,
      changes: { ...vals },
      actor,
    });
    return id;
  }

  /** Changes properties of an item; unchanged values are dropped. Returns the changed names. */
  async set(
    clsName: string,
    id: string,
    values: Values,
    opts?: WriteOptions,
  ): Promise<string[]> {
    const cls = this.core.classDef(clsName);
    const actor = this.#actor(opts);
    const before = await this.#c.live(cls, id);
    if (opts?.ifRev !== undefined && opts.ifRev !== before.rev) {
      throw new ConflictError(
        `Cannot save ${cls.name}${id}: someone else changed it since you loaded it (revision ${before.rev}, yours ${opts.ifRev})`,
      );
    }
    const { content: content2, vals } = await this.#audited(cls, {
      action: "set",
      id,
      values,
      old: before.values,
      actor,
    });
    for (const [k, v] of Object.entries(vals)) {
      if (sameValue(before.values[k], v)) delete vals[k];
    }
    if (Object.keys(vals).length === 0 && content2 === undefined) return [];
    await this.#checkLinks(cls, vals, before.values);
    if (cls.key && cls.key in vals) {
      await this.#c.keys.release(cls, before.values[cls.key]);
      await this.#c.keys.claim(cls, vals[cls.key], id);
    }
    const now = this.core.now();
    const next = { ...before.values, ...vals, activity: now, actor };
    checkRequired(cls, next);
    const after: ItemRecord = { ...before, rev: before.rev + 1, values: next };
    const touched: Touched = {
      cls,
      before: this.#c.firstBefore(`${cls.name}:${id}`) ?? before,
      after,
    };
    if (content2 !== undefined && cls.base === "FileClass") {
      this.#c.attachContent(touched, content2, next);
      vals.content = content2;
    }
    this.#c.touch(`${cls.name}:${id}`, touched);
    this.#c.journalSet(cls, id, { old: before.values, vals, now, actor });
    this.#c.events.push({
      cls: cls.name,
      id,
      action: "set",
      old: before.values,
      new: next,
      changes: vals,
      actor,
    });
    return Object.keys(vals);
  }

  /** Retires an item: it keeps its id and data but leaves lists and lookups. */
  async retire(
    clsName: string,
    id: string,
    opts?: WriteOptions,
  ): Promise<void> {
    const cls = this.core.classDef(clsName);
    const actor = this.#actor(opts);
    const before = await this.#c.live(cls, id);
    await this.#runAuditors(cls, "retire", id, {}, before.values, actor);
    if (cls.key) await this.#c.keys.release(cls, before.values[cls.key]);
    this.#c.flip(cls, before, { retired: true, actor });
  }

  /** Restores a retired item; its key value must still be free. */
  async restore(
    clsName: string,
    id: string,
    opts?: WriteOptions,
  ): Promise<void> {
    const cls = this.core.classDef(clsName);
    const actor = this.#actor(opts);
    const before = await this.record(cls.name, id);
    if (!before) throw new NotFoundError(`${cls.name}${id} does not exist`);
    if (!before.retired) {
      throw new InvalidValueError(
        `Cannot restore ${cls.name}${id}: it is not retired`,
      );
    }
    await this.#runAuditors(cls, "restore", id, {}, before.values, actor);
    if (cls.key) await this.#c.keys.claim(cls, before.values[cls.key], id);
    this.#c.flip(cls, before, { retired: false, actor });
  }

  /**
   * Writes an item exactly as given (ids, dates, creator kept); used by import. `stamps` are
   * the creation stamps of links whose "link" entries are left to derived_links.ts.
   */
  async put(
    clsName: string,
    rec: ItemRecord,
    content?: Uint8Array | string,
    stamps?: Map<string, LinkStamp>,
  ): Promise<void> {
    await this.#c.put(this.core.classDef(clsName), rec, content, stamps);
  }

  /** Rewrites an item's index keys and full-text postings from its stored values (reindex). */
  async rebuild(
    clsName: string,
    id: string,
    forgetOldPostings: boolean,
  ): Promise<void> {
    await this.#c.rebuild(this.core.classDef(clsName), id, forgetOldPostings);
  }

  /** Adds a journal entry as given (import). */
  putJournal(cls: string, id: string, entry: JournalEntry): void {
    this.#c.journalAt(cls, id, entry);
  }

  /**
   * Deletes keys outside the items in this transaction's commit, so a rule's cleanup lands with
   * the change or not at all (store modules only: keys come from keys.ts; web sessions).
   */
  alsoDelete(keys: Deno.KvKey[]): void {
    this.#c.deletes.push(...keys);
  }

  /** Writes everything as one atomic commit; returns the events for the reactors. */
  async commit(): Promise<ChangeEvent[]> {
    if (!(await this.#c.commit())) throw new RetrySignal("conflict");
    return this.#c.events;
  }
}
