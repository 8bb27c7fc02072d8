/**
 * Bulk loading of items into a class that held no items when loading began (import into a new
 * tracker). tx.put reads every item it replaces and checks it at commit; a class that was empty
 * has nothing to replace, so a BulkLoader writes without reads and guards each commit with one
 * check instead: the class's id counter ["seq", cls] still has the versionstamp the loader gave
 * it when it moved it past the ids being loaded (with its first commit). Creating or importing
 * items of the class elsewhere bumps that counter, so a failed check means the class is no
 * longer the loader's alone: the loader fails with ConflictError, and the caller goes back to
 * tx.put (which rewrites what is already there).
 *
 * write() takes thousands of items, lays out every key tx.put would write for them (item, index
 * entries, key property, content blobs, full-text postings; no journal), sorts the keys and
 * queues them in key order in as few commits as KV's limits allow: appended keys cost KV less
 * than scattered ones, and one posting key per word for the whole call replaces one per commit.
 * A few commits are in flight at once, so KV has work while the caller reads the next items.
 *
 * Items are committed last, after every key that belongs to them, so a stored item is always
 * complete. Loading stopped halfway leaves keys of items not stored yet (index entries and
 * postings, which readers skip while their item is missing, and key-property entries); running
 * the import again writes the items and replaces those.
 */
import type { Db } from "./db.ts";
import type { Core } from "./core.ts";
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import type { ItemRecord, JournalEntry, LinkStamp } from "./record.ts";
import { type PendingBlob, prepareContent } from "./content.ts";
import {
  journalUniq,
  newCommitUid,
  newItemWords,
  postingWrites,
  type WordChange,
} from "./word_index.ts";
import { fileWords, itemWrites } from "./item_writes.ts";
import { claimFormat } from "./format.ts";
import { countSlots } from "./counts.ts";
import { keyValueOf, refuseKeyInUse } from "./tx_state.ts";
import {
  chunks,
  CommitQueue,
  compareMutations,
  type Mutation,
  mutation,
} from "./bulk_commit.ts";

/** One item to load and, for a FileClass item, its content. */
export interface BulkItem {
  rec: ItemRecord;
  content?: Uint8Array | string;
  /** Creation stamps of links ("prop:target" → [date, user]), as tx.put takes them. */
  stamps?: Map<string, LinkStamp>;
  /** Index words per indexed property, as newItemWords gives them; worked out when absent. */
  words?: Record<string, string[]>;
}

/** A posting key lists at most this many bytes of "cls:id" documents (values stay below 64 KiB). */
const POSTING_BYTES = 40_000;
/** Commits in flight: KV has the next ones while the caller prepares more. */
const DEPTH = 8;

/** Writes items into a class that was empty when the loader was opened; see the module notes. */
export class BulkLoader {
  readonly def: ClassDef;
  #core: Core;
  #queue: CommitQueue;
  /** Versionstamp and value of the id counter as this loader last set them. */
  #vs: string | null;
  #last: number;
  /** The value the counter has to reach with the next commit, and that commit while it runs. */
  #wanted: number;
  #moving: Promise<void> | null = null;
  #keys = new Map<string, string>();

  private constructor(
    core: Core,
    def: ClassDef,
    seq: Deno.KvEntryMaybe<number>,
    lastId: number,
  ) {
    this.#core = core;
    this.def = def;
    this.#vs = seq.versionstamp;
    this.#last = seq.value ?? 0;
    this.#wanted = Math.max(this.#last, lastId);
    this.#queue = new CommitQueue(
      core.kv,
      `Cannot load ${def.name} items in bulk: the class was changed by another writer`,
      DEPTH,
    );
  }

  /**
   * A loader for `cls`, or null when the class already has items (use tx.put then). Given the
   * highest id to be loaded, the id counter moves there once, with the first commit.
   * @example const l = await BulkLoader.open(db, "issue", { lastId: 9 }); await l?.write([{ rec }]); await l?.drain()
   */
  static async open(
    db: Db,
    cls: string,
    opts: { lastId?: number } = {},
  ): Promise<BulkLoader | null> {
    const core = db.core;
    const def = core.classDef(cls);
    await claimFormat(core);
    // The counter first: an item created after this read bumps it and fails the first commit.
    const seq = await core.kv.get<number>(keys.seq(cls));
    for await (
      const _ of core.kv.list({ prefix: keys.itemPrefix(cls) }, { limit: 1 })
    ) return null;
    return new BulkLoader(core, def, seq, opts.lastId ?? 0);
  }

  /**
   * Writes the items as tx.put would (revision 1, ids and values as given). Resolves once their
   * commits are queued; drain() waits for them. A failed commit fails the next call or drain():
   * ConflictError when another writer added items to the class meanwhile.
   */
  async write(items: BulkItem[]): Promise<void> {
    const { before, records, last } = this.#layOut(items);
    this.#wanted = Math.max(this.#wanted, last);
    before.sort(compareMutations);
    records.sort(compareMutations);
    const sent: Promise<string>[] = [];
    for (const chunk of chunks(before, 1)) {
      sent.push((await this.#send(chunk)).done);
    }
    // Items go only once every key they own is committed (see the module notes).
    this.#queue.track(
      Promise.allSettled(sent).then(async () => {
        for (const chunk of chunks(records, 1)) await this.#send(chunk);
      }),
    );
  }

  /** Waits until everything written is committed; throws the first failure. */
  drain(): Promise<void> {
    return this.#queue.drain();
  }

  /** Serialises and queues one commit behind the counter check; moves the counter when due. */
  async #send(chunk: Mutation[]): Promise<{ done: Promise<string> }> {
    const op = this.#queue.operation(chunk);
    await this.#queue.ready();
    while (this.#moving) await this.#moving;
    const seq = keys.seq(this.def.name);
    if (this.#wanted <= this.#last) {
      return {
        done: this.#queue.send(chunk, op, (o) => {
          o.check({ key: seq, versionstamp: this.#vs });
        }),
      };
    }
    const to = this.#wanted;
    const done = (async () => {
      // Commits in flight check the counter's current versionstamp: they go first.
      await this.#queue.settled();
      this.#vs = await this.#queue.send(chunk, op, (o) => {
        o.check({ key: seq, versionstamp: this.#vs });
        o.set(seq, to);
      });
      this.#last = to;
      return this.#vs;
    })();
    // Later commits check the versionstamp this one gives the counter, so they wait for it.
    this.#moving = done.then(() => {}, () => {}).finally(() => {
      this.#moving = null;
    });
    return { done };
  }

  /** Every key of the items: records apart, as they are committed last. */
  #layOut(
    items: BulkItem[],
  ): { before: Mutation[]; records: Mutation[]; last: number } {
    const cls = this.def;
    let last = 0;
    const before: Mutation[] = [];
    const records: Mutation[] = [];
    const add = (into: Mutation[], key: Deno.KvKey, value: unknown) =>
      into.push(mutation(key, value));
    const docBytes = cls.name.length + 16;
    let uid = newCommitUid(this.#core.now());
    let changes: WordChange[] = [];
    let docs = 0;
    // One posting key per word for a group of items, as one commit of tx.put files them.
    const flushPostings = () => {
      const postings = postingWrites(changes);
      for (const [key, list] of postings.set) add(before, key, list);
      for (const [key, list] of postings.ahead) add(before, key, list);
      changes = [];
      uid = newCommitUid(this.#core.now());
      docs = 0;
    };
    for (const { rec, content, stamps, words } of items) {
      if ((docs + 1) * docBytes > POSTING_BYTES) flushPostings();
      docs++;
      const after: ItemRecord = { ...rec, rev: 1 };
      let bytes: Uint8Array | undefined;
      let blobs: PendingBlob[] | undefined;
      if (cls.base === "FileClass") {
        const prepared = prepareContent(
          content ?? "",
          this.#core.maxContentSize,
          `${cls.name}${rec.id}`,
        );
        after.content = prepared.ref;
        blobs = prepared.blobs;
        bytes = prepared.bytes;
      }
      changes.push(
        ...fileWords(
          cls,
          after,
          uid,
          words ?? newItemWords(cls, rec.values, bytes),
        ),
      );
      const w = itemWrites({
        cls,
        before: null,
        after,
        blobs,
        stampOf: stamps && ((slot) => stamps.get(slot)),
      });
      for (const [key, value] of [...w.set, ...w.ahead]) {
        add(before, key, value);
      }
      if (cls.key && !rec.retired) {
        add(before, keys.key(cls.name, this.#claim(rec)), rec.id);
      }
      // The record carries its counts: they are summed in the commit that stores it.
      records.push(mutation(...w.record, countSlots(cls, after)));
      last = Math.max(last, Number(rec.id));
    }
    flushPostings();
    return { before, records, last };
  }

  /** The key value of a live item, refused when empty or already loaded for another item. */
  #claim(rec: ItemRecord): string {
    const cls = this.def;
    const value = keyValueOf(cls, rec.id, rec.values[cls.key!]);
    refuseKeyInUse(cls, value, { owner: this.#keys.get(value), id: rec.id });
    this.#keys.set(value, rec.id);
    return value;
  }
}

/** Writes journal entries as tx.putJournal would, a commit per call, a few commits in flight. */
export class JournalLoader {
  #core: Core;
  #queue: CommitQueue;

  constructor(db: Db) {
    this.#core = db.core;
    this.#queue = new CommitQueue(db.core.kv, "Cannot write journal", DEPTH);
  }

  /**
   * Queues the entries under one commit uid (entries of one item with the same date keep their
   * order only within one call). Resolves once queued; drain() waits for the commits.
   * @example const j = new JournalLoader(db); await j.write("issue", [{ id: "1", entry }]); await j.drain()
   */
  async write(
    cls: string,
    entries: Array<{ id: string; entry: JournalEntry }>,
  ): Promise<void> {
    const uid = newCommitUid(this.#core.now());
    const muts = entries.map(({ id, entry }, n) =>
      mutation(
        keys.journal(
          cls,
          id,
          entry.date,
          journalUniq(uid, n),
        ),
        entry,
      )
    );
    for (const chunk of chunks(muts, 0)) {
      const op = this.#queue.operation(chunk);
      await this.#queue.ready();
      this.#queue.send(chunk, op);
    }
  }

  /** Waits until every write is committed; throws the first failure. */
  drain(): Promise<void> {
    return this.#queue.drain();
  }
}
