/**
 * What one transaction has changed so far, kept until its commit: the items it touched (in the
 * order it touched them), the journal entries and change events it made, and the read state its
 * commit re-checks. Also the two writes that skip auditors and events, import's put() and
 * reindex's rebuild(), which work on this state alone.
 */
import type { ChangeEvent, Core } from "./core.ts";
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import { NotFoundError } from "./errors.ts";
import type { ItemRecord, JournalEntry, LinkStamp, Values } from "./record.ts";
import { prepareContent, readContent, textOf } from "./content.ts";
import { commitChanges, creationStamps, type Touched } from "./commit.ts";
import { linkJournal, setJournalParams } from "./journal.ts";
import { journalUniq, newCommitUid } from "./word_index.ts";
import { IdCounters, KeyClaims, RecordReads } from "./tx_state.ts";

/** The changes of one transaction attempt. */
export class TxChanges {
  /** Key-property values read, claimed and released. */
  readonly keys: KeyClaims;
  /** The ["seq", cls] counters read, and the last id handed out per class. */
  readonly ids: IdCounters;
  /** What happened, for the reactors once the commit landed. */
  readonly events: ChangeEvent[] = [];
  #core: Core;
  #reads: RecordReads;
  #touched = new Map<string, Touched>();
  #order: string[] = [];
  #journal: Array<{ key: Deno.KvKey; value: JournalEntry }> = [];
  /** Keys outside items (web sessions) that built-in rules end in the same commit. */
  readonly deletes: Deno.KvKey[] = [];
  #uniq = 0;
  /** Unique per transaction attempt: names its journal keys and its word postings. */
  #uid: string;

  constructor(core: Core) {
    this.#core = core;
    this.#uid = newCommitUid(core.now());
    this.ids = new IdCounters(core.kv);
    this.keys = new KeyClaims(core.kv);
    this.#reads = new RecordReads(core.kv);
  }

  /** The record as the transaction sees it (its own changes included). */
  async record(cls: string, id: string): Promise<ItemRecord | null> {
    const t = this.#touched.get(`${cls}:${id}`);
    if (t) return t.after;
    return await this.#reads.get(cls, id);
  }

  /** The records of `cls` changed so far. */
  touchedOf(cls: string): ItemRecord[] {
    return [...this.#touched.values()].filter((t) => t.cls.name === cls).map((
      t,
    ) => t.after);
  }

  /** True when items were changed. */
  get dirty(): boolean {
    return this.#touched.size > 0;
  }

  /** The record as stored before this transaction first changed "cls:id" (undefined: unchanged). */
  firstBefore(k: string): ItemRecord | null | undefined {
    return this.#touched.get(k)?.before;
  }

  /** Reads in batches the records not read or changed yet, so that record() finds them. */
  async prefetch(items: Array<[string, string]>): Promise<void> {
    await this.#reads.prefetch(
      items.filter(([c, id]) => !this.#touched.has(`${c}:${id}`)),
    );
  }

  /** The record of a live item; NotFoundError when it does not exist or is retired. */
  async live(cls: ClassDef, id: string): Promise<ItemRecord> {
    const rec = await this.record(cls.name, id);
    if (!rec) throw new NotFoundError(`${cls.name}${id} does not exist`);
    if (rec.retired) throw new NotFoundError(`${cls.name}${id} is retired`);
    return rec;
  }

  /** Retires or restores an item once its auditors agreed: the record, journal and event. */
  flip(
    cls: ClassDef,
    before: ItemRecord,
    o: { retired: boolean; actor: string },
  ): void {
    const { retired, actor } = o;
    const k = `${cls.name}:${before.id}`;
    const after = { ...before, rev: before.rev + 1, retired };
    this.touch(k, { cls, before: this.firstBefore(k) ?? before, after });
    this.journalAt(cls.name, before.id, {
      date: this.#core.now(),
      user: actor,
      action: retired ? "retired" : "restored",
      params: null,
    });
    this.events.push({
      cls: cls.name,
      id: before.id,
      action: retired ? "retire" : "restore",
      old: before.values,
      new: before.values,
      changes: {},
      actor,
    });
  }

  /** Records the change of item "cls:id"; content given earlier stays unless `t` gives new. */
  touch(k: string, t: Touched): void {
    const prev = this.#touched.get(k);
    if (prev?.content && !t.content) t.content = prev.content;
    if (!this.#touched.has(k)) this.#order.push(k);
    this.#touched.set(k, t);
  }

  /** Gives the item new content: its chunks, and the text its words are indexed from. */
  attachContent(
    t: Touched,
    content: string | Uint8Array,
    values: Values,
  ): void {
    const prepared = prepareContent(
      content,
      this.#core.maxContentSize,
      `${t.cls.name}${t.after.id}`,
    );
    t.after.content = prepared.ref;
    t.content = {
      blobs: prepared.blobs,
      text: textOf(t.cls, values, prepared.bytes),
    };
  }

  /** Adds a journal entry of item `id` of `cls`. */
  journalAt(cls: string, id: string, entry: JournalEntry): void {
    this.#journal.push({
      key: keys.journal(
        cls,
        id,
        entry.date,
        journalUniq(this.#uid, this.#uniq++),
      ),
      value: entry,
    });
  }

  /** The journal entries of a set: its own "set" entry, and "link"/"unlink" on linked items. */
  journalSet(
    cls: ClassDef,
    id: string,
    c: { old: Values; vals: Values; now: number; actor: string },
  ): void {
    const entry = { date: c.now, user: c.actor };
    const params = setJournalParams(cls, c.old, c.vals);
    if (Object.keys(params).length > 0) {
      this.journalAt(cls.name, id, { ...entry, action: "set", params });
    }
    for (const e of linkJournal(cls, id, c.old, c.vals)) {
      this.journalAt(e.cls, e.id, {
        ...entry,
        action: e.action,
        params: e.params,
      });
    }
  }

  /**
   * Writes an item exactly as given (ids, dates, creator kept); used by import. `stamps` are
   * the creation stamps of links whose "link" entries are left to derived_links.ts.
   */
  async put(
    cls: ClassDef,
    rec: ItemRecord,
    content?: Uint8Array | string,
    stamps?: Map<string, LinkStamp>,
  ): Promise<void> {
    const existing = await this.record(cls.name, rec.id);
    const seq = await this.ids.of(cls.name);
    seq.last = Math.max(seq.last, Number(rec.id));
    if (cls.key && existing && !existing.retired) {
      await this.keys.release(cls, existing.values[cls.key]);
    }
    if (cls.key && !rec.retired) {
      await this.keys.claim(cls, rec.values[cls.key], rec.id);
    }
    const after = { ...rec, rev: (existing?.rev ?? 0) + 1 };
    const touched: Touched = { cls, before: existing, after };
    if (stamps?.size) touched.stamps = stamps;
    if (cls.base === "FileClass") {
      this.attachContent(touched, content ?? "", rec.values);
    }
    this.touch(`${cls.name}:${rec.id}`, touched);
  }

  /** Rewrites an item's index keys and full-text postings from its stored values (reindex). */
  async rebuild(
    cls: ClassDef,
    id: string,
    forgetOldPostings: boolean,
  ): Promise<void> {
    const rec = await this.record(cls.name, id);
    if (!rec) throw new NotFoundError(`${cls.name}${id} does not exist`);
    const touched: Touched = {
      cls,
      before: rec,
      after: { ...rec },
      rebuild: { forgetOldPostings },
      stamps: await creationStamps(this.#core, cls, rec),
    };
    if (rec.content) {
      const bytes = await readContent(this.#core.kv, rec.content);
      touched.content = { blobs: [], text: textOf(cls, rec.values, bytes) };
    }
    this.touch(`${cls.name}:${id}`, touched);
  }

  /** Writes everything as one atomic commit; false when a check failed (nothing written). */
  async commit(): Promise<boolean> {
    if (
      this.#touched.size === 0 && this.#journal.length === 0 &&
      this.deletes.length === 0
    ) return true;
    return await commitChanges(this.#core, {
      seq: this.ids.counters,
      touched: this.#order.map((k) => ({
        t: this.#touched.get(k)!,
        read: this.#reads.entry(k),
      })),
      keyReads: this.keys.all(),
      journal: this.#journal,
      deletes: this.deletes,
      uid: this.#uid,
    });
  }
}
