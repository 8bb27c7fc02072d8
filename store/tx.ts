/**
 * A transaction: changes are applied to an in-memory overlay, then written as ONE atomic KV
 * commit (items, journal entries, index and word keys), guarded by versionstamp checks.
 */
import type { Action, ChangeEvent, Core } from "./core.ts";
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import { ConflictError, InvalidValueError, NotFoundError } from "./errors.ts";
import {
  checkRequired,
  normaliseValues,
  sameValue,
  splitContent,
} from "./values.ts";
import type { ItemRecord, JournalEntry, LinkStamp, Values } from "./record.ts";
import { prepareContent, readContent, textOf } from "./content.ts";
import { creationLinks, linkJournal, setJournalParams } from "./journal.ts";
import { commitChanges, creationStamps, type Touched } from "./commit.ts";
import { newCommitUid } from "./word_index.ts";
import { IdCounters, KeyClaims, RecordReads } from "./tx_state.ts";

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
  #reads: RecordReads;
  #touched = new Map<string, Touched>();
  #order: string[] = [];
  #ids: IdCounters;
  #keys: KeyClaims;
  #journal: Array<{ key: Deno.KvKey; value: JournalEntry }> = [];
  #events: ChangeEvent[] = [];
  #uniq = 0;
  /** Unique per transaction attempt: names its journal keys and its word postings. */
  #uid: string;

  constructor(core: Core, defaultActor: string) {
    this.core = core;
    this.defaultActor = defaultActor;
    this.#uid = newCommitUid(core.now());
    this.#ids = new IdCounters(core.kv);
    this.#keys = new KeyClaims(core.kv);
    this.#reads = new RecordReads(core.kv);
  }

  /** The record as this transaction sees it (its own changes included). */
  async record(cls: string, id: string): Promise<ItemRecord | null> {
    const t = this.#touched.get(`${cls}:${id}`);
    if (t) return t.after;
    return await this.#reads.get(cls, id);
  }

  /** Records changed in this transaction, for overlaying reads. */
  touched(cls: string): ItemRecord[] {
    return [...this.#touched.values()].filter((t) => t.cls.name === cls).map((
      t,
    ) => t.after);
  }

  /** True when this transaction holds uncommitted changes. */
  get dirty(): boolean {
    return this.#touched.size > 0;
  }

  /** Id owning a key value, as this transaction sees it. */
  keyOwner(cls: string, value: string): Promise<string | null> {
    return this.#keys.owner(cls, value);
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

  /** Every newly linked item must exist (ids already linked before are not read again). */
  async #checkLinks(
    cls: ClassDef,
    values: Values,
    old?: Values,
  ): Promise<void> {
    const wanted: Array<[string, string, string]> = [];
    for (const [name, v] of Object.entries(values)) {
      const p = cls.props.get(name)!;
      if (p.type !== "Link" && p.type !== "Multilink") continue;
      const had = new Set([old?.[name] ?? []].flat() as string[]);
      const ids = p.type === "Link"
        ? (v == null ? [] : [v as string])
        : (v as string[]);
      for (const id of ids) if (!had.has(id)) wanted.push([name, p.class!, id]);
    }
    const unread: Array<[string, string]> = [];
    for (const [, c, id] of wanted) {
      if (!this.#touched.has(`${c}:${id}`)) unread.push([c, id]);
    }
    await this.#reads.prefetch(unread);
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

  #journalAt(cls: string, id: string, entry: JournalEntry): void {
    this.#journal.push({
      key: keys.journal(
        cls,
        id,
        entry.date,
        `${this.#uid}${String(this.#uniq++).padStart(5, "0")}`,
      ),
      value: entry,
    });
  }

  /** Creates an item and returns its id. */
  async create(
    clsName: string,
    values: Values,
    opts?: WriteOptions,
  ): Promise<string> {
    const cls = this.core.classDef(clsName);
    const actor = this.#actor(opts);
    const { content, rest } = splitContent(cls, values);
    const changes = normaliseValues(cls, rest);
    if (content !== undefined) changes.content = content;
    await this.#runAuditors(cls, "create", null, changes, null, actor);
    const { content: content2, rest: rest2 } = splitContent(cls, changes);
    const vals = normaliseValues(cls, rest2);
    await this.#checkLinks(cls, vals);
    checkRequired(cls, vals);
    const id = await this.#ids.next(cls.name);
    if (cls.key) await this.#keys.claim(cls, vals[cls.key], id);
    const now = this.core.now();
    for (const p of cls.props.values()) {
      if (!(p.name in vals)) {
        vals[p.name] = p.type === "Multilink" ? [] : null;
      }
    }
    Object.assign(vals, {
      creation: now,
      activity: now,
      creator: actor,
      actor,
    });
    const after: ItemRecord = { id, rev: 1, retired: false, values: vals };
    const touched: Touched = {
      cls,
      before: null,
      after,
      linkStamp: [now, actor],
    };
    if (cls.base === "FileClass") {
      this.#attachContent(touched, content2 ?? "", vals);
    }
    this.#touch(`${cls.name}:${id}`, touched);
    // The "create" entry goes into the record, and the "link" entries this creation implies for
    // linked items are derived when their history is read (see derived_links.ts): no journal
    // keys at all for a creation.
    after.created = { date: now, user: actor };
    const links = creationLinks(cls, vals);
    if (links) after.created.links = links;
    this.#events.push({
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
    const before = await this.#live(cls, id);
    if (opts?.ifRev !== undefined && opts.ifRev !== before.rev) {
      throw new ConflictError(
        `Cannot save ${cls.name}${id}: someone else changed it since you loaded it (revision ${before.rev}, yours ${opts.ifRev})`,
      );
    }
    const { content, rest } = splitContent(cls, values);
    const changes = normaliseValues(cls, rest);
    if (content !== undefined) changes.content = content;
    await this.#runAuditors(cls, "set", id, changes, before.values, actor);
    const { content: content2, rest: rest2 } = splitContent(cls, changes);
    const vals = normaliseValues(cls, rest2);
    for (const [k, v] of Object.entries(vals)) {
      if (sameValue(before.values[k], v)) delete vals[k];
    }
    if (Object.keys(vals).length === 0 && content2 === undefined) return [];
    await this.#checkLinks(cls, vals, before.values);
    if (cls.key && cls.key in vals) {
      await this.#keys.release(cls, before.values[cls.key]);
      await this.#keys.claim(cls, vals[cls.key], id);
    }
    const now = this.core.now();
    const next = { ...before.values, ...vals, activity: now, actor };
    checkRequired(cls, next);
    const after: ItemRecord = { ...before, rev: before.rev + 1, values: next };
    const touched: Touched = {
      cls,
      before: this.#touched.get(`${cls.name}:${id}`)?.before ?? before,
      after,
    };
    if (content2 !== undefined && cls.base === "FileClass") {
      this.#attachContent(touched, content2, next);
      vals.content = content2;
    }
    this.#touch(`${cls.name}:${id}`, touched);
    const params = setJournalParams(cls, before.values, vals);
    if (Object.keys(params).length > 0) {
      this.#journalAt(cls.name, id, {
        date: now,
        user: actor,
        action: "set",
        params,
      });
    }
    this.#linkEntries(cls, id, before.values, vals, actor, now);
    this.#events.push({
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
    const before = await this.#live(cls, id);
    await this.#runAuditors(cls, "retire", id, {}, before.values, actor);
    if (cls.key) await this.#keys.release(cls, before.values[cls.key]);
    this.#flip(cls, before, true, actor);
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
    if (cls.key) await this.#keys.claim(cls, before.values[cls.key], id);
    this.#flip(cls, before, false, actor);
  }

  #flip(
    cls: ClassDef,
    before: ItemRecord,
    retired: boolean,
    actor: string,
  ): void {
    const k = `${cls.name}:${before.id}`;
    const after = { ...before, rev: before.rev + 1, retired };
    this.#touch(k, {
      cls,
      before: this.#touched.get(k)?.before ?? before,
      after,
    });
    const date = this.core.now();
    this.#journalAt(cls.name, before.id, {
      date,
      user: actor,
      action: retired ? "retired" : "restored",
      params: null,
    });
    const action = retired ? "retire" : "restore";
    this.#events.push({
      cls: cls.name,
      id: before.id,
      action,
      old: before.values,
      new: before.values,
      changes: {},
      actor,
    });
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
    const cls = this.core.classDef(clsName);
    const existing = await this.record(cls.name, rec.id);
    const seq = await this.#ids.of(cls.name);
    seq.last = Math.max(seq.last, Number(rec.id));
    if (cls.key && existing && !existing.retired) {
      await this.#keys.release(cls, existing.values[cls.key]);
    }
    if (cls.key && !rec.retired) {
      await this.#keys.claim(cls, rec.values[cls.key], rec.id);
    }
    const after = { ...rec, rev: (existing?.rev ?? 0) + 1 };
    const touched: Touched = { cls, before: existing, after };
    if (stamps?.size) touched.stamps = stamps;
    if (cls.base === "FileClass") {
      this.#attachContent(touched, content ?? "", rec.values);
    }
    this.#touch(`${cls.name}:${rec.id}`, touched);
  }

  /** Rewrites an item's index keys and full-text postings from its stored values (reindex). */
  async rebuild(
    clsName: string,
    id: string,
    forgetOldPostings: boolean,
  ): Promise<void> {
    const cls = this.core.classDef(clsName);
    const rec = await this.record(cls.name, id);
    if (!rec) throw new NotFoundError(`${cls.name}${id} does not exist`);
    const touched: Touched = {
      cls,
      before: rec,
      after: { ...rec },
      rebuild: { forgetOldPostings },
      stamps: await creationStamps(this.core, cls, rec),
    };
    if (rec.content) {
      const bytes = await readContent(this.core.kv, rec.content);
      touched.content = { blobs: [], text: textOf(cls, rec.values, bytes) };
    }
    this.#touch(`${cls.name}:${id}`, touched);
  }

  /** Adds a journal entry as given (import). */
  putJournal(cls: string, id: string, entry: JournalEntry): void {
    this.#journalAt(cls, id, entry);
  }

  async #live(cls: ClassDef, id: string): Promise<ItemRecord> {
    const rec = await this.record(cls.name, id);
    if (!rec) throw new NotFoundError(`${cls.name}${id} does not exist`);
    if (rec.retired) throw new NotFoundError(`${cls.name}${id} is retired`);
    return rec;
  }

  /** Gives the item new content: its chunks, and the text its words are indexed from. */
  #attachContent(
    t: Touched,
    content: string | Uint8Array,
    values: Values,
  ): void {
    const prepared = prepareContent(
      content,
      this.core.maxContentSize,
      `${t.cls.name}${t.after.id}`,
    );
    t.after.content = prepared.ref;
    t.content = {
      blobs: prepared.blobs,
      text: textOf(t.cls, values, prepared.bytes),
    };
  }

  #touch(k: string, t: Touched): void {
    const prev = this.#touched.get(k);
    // Content given earlier in this transaction stays unless this change gives new content.
    if (prev?.content && !t.content) t.content = prev.content;
    if (!this.#touched.has(k)) this.#order.push(k);
    this.#touched.set(k, t);
  }

  #linkEntries(
    cls: ClassDef,
    id: string,
    old: Values | null,
    vals: Values,
    actor: string,
    date: number,
  ): void {
    for (const e of linkJournal(cls, id, old, vals)) {
      this.#journalAt(e.cls, e.id, {
        date,
        user: actor,
        action: e.action,
        params: e.params,
      });
    }
  }

  /** Writes everything as one atomic commit; returns the events for the reactors. */
  async commit(): Promise<ChangeEvent[]> {
    if (this.#touched.size === 0 && this.#journal.length === 0) return [];
    const ok = await commitChanges(this.core, {
      seq: this.#ids.counters,
      touched: this.#order.map((k) => ({
        t: this.#touched.get(k)!,
        read: this.#reads.entry(k),
      })),
      keyReads: this.#keys.all(),
      journal: this.#journal,
      uid: this.#uid,
    });
    if (!ok) throw new RetrySignal("conflict");
    return this.#events;
  }
}
