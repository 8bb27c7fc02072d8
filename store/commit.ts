/**
 * Turning a transaction's changes into ONE atomic KV commit: versionstamp checks, items, index
 * keys, key-property entries, journal entries, content blobs and full-text postings.
 */
import type { Core } from "./core.ts";
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import {
  createdEntry,
  diffKeys,
  indexKeysOf,
  indexValue,
  type ItemRecord,
  type JournalEntry,
  type LinkStamp,
} from "./record.ts";
import { type PendingBlob, readContent, textOf } from "./content.ts";
import { AtomicPlan } from "./atomic_plan.ts";
import { removedLinks } from "./journal.ts";
import { planWordChanges, type WordChange, wordChange } from "./word_index.ts";

/** One item a transaction wrote, with what it looked like before. */
export interface Touched {
  cls: ClassDef;
  before: ItemRecord | null;
  after: ItemRecord;
  contentText?: { next?: string };
  /** Set on items created (not imported) here: links they are created with carry [date, user]. */
  linkStamp?: LinkStamp;
  /** Creation stamps of some of its links ("prop:target" → [date, user]): reindex, import. */
  stamps?: Map<string, LinkStamp>;
  /** Rewrite every index key and posting of the item (reindex). */
  rebuild?: { forgetOldPostings: boolean };
}

export interface CommitInput {
  seq: Map<string, { vs: string | null; last: number }>;
  touched: Array<{ t: Touched; read?: { key: Deno.KvKey; vs: string | null } }>;
  keyReads: Array<
    {
      key: Deno.KvKey;
      orig: string | null;
      id: string | null;
      vs: string | null;
    }
  >;
  journal: Array<{ key: Deno.KvKey; value: JournalEntry }>;
  blobs: PendingBlob[];
  uid: string;
}

/** Builds and commits the atomic write; false when a check failed (the caller retries). */
export async function commitChanges(
  core: Core,
  c: CommitInput,
): Promise<boolean> {
  const plan = new AtomicPlan(core.kv);
  for (const [cls, s] of c.seq) {
    plan.check(keys.seq(cls), s.vs);
    plan.set(keys.seq(cls), s.last);
  }
  const wordChanges: WordChange[] = [];
  for (const { t, read } of c.touched) {
    wordChanges.push(...await wordChangesOf(core, t, c.uid));
    if (read) plan.check(read.key, read.vs);
    plan.set(keys.item(t.cls.name, t.after.id), t.after);
    const old = t.before && !t.rebuild ? indexKeysOf(t.cls, t.before) : [];
    const next = indexKeysOf(t.cls, t.after);
    const idx = diffKeys(old, next);
    for (const key of idx.remove) plan.delete(key);
    // Given stamps replace the values of keys the item already had.
    for (const key of t.stamps ? next : idx.add) {
      plan.set(key, indexValue(t.cls, key, stampOf(t)));
    }
  }
  const pre = await planWordChanges(core.kv, plan, wordChanges);
  for (const r of c.keyReads) {
    if (r.id === r.orig) continue;
    plan.check(r.key, r.vs);
    if (r.id === null) plan.delete(r.key);
    else plan.set(r.key, r.id);
  }
  for (const j of c.journal) plan.set(j.key, j.value);
  for (const b of c.blobs) if (b.inline) plan.set(b.key, b.bytes);
  // Written first; until the commit below links them they are unreachable (or, for postings,
  // ignored by search because no item names their uid).
  await writeAhead(core.kv, [...c.blobs.filter((b) => !b.inline), ...pre]);
  return await plan.commit();
}

/** Stamps of the links an item was created with (all, for an item created here). */
function stampOf(t: Touched): (slot: string) => LinkStamp | undefined {
  const { linkStamp, stamps } = t;
  return linkStamp ? () => linkStamp : (slot) => stamps?.get(slot);
}

/** The indexed texts that changed in `t`; sets after.words to the new commit uid. */
async function wordChangesOf(
  core: Core,
  t: Touched,
  uid: string,
): Promise<WordChange[]> {
  const out: WordChange[] = [];
  const doc = `${t.cls.name}:${t.after.id}`;
  for (const p of t.cls.props.values()) {
    if (p.type !== "String" || !p.indexme) continue;
    let oldText: string | undefined, newText: string | undefined;
    if (p.name === "content") {
      if (!t.contentText) continue;
      newText = t.contentText.next;
      oldText = t.before?.content
        ? textOf(
          t.cls,
          t.before.values,
          await readContent(core.kv, t.before.content),
        )
        : undefined;
    } else {
      oldText = t.before?.values[p.name] as string | undefined;
      newText = t.after.values[p.name] as string | undefined;
      if (oldText === newText && !t.rebuild) continue;
    }
    const oldUid = t.rebuild?.forgetOldPostings
      ? undefined
      : t.before?.words?.[p.name];
    const change = wordChange(
      doc,
      p.name,
      uid,
      { uid: oldUid, text: oldText },
      newText,
    );
    out.push(change);
    t.after.words = { ...t.after.words, [p.name]: change.uid };
  }
  return out;
}

async function writeAhead(
  kv: Deno.Kv,
  writes: Array<{ key: Deno.KvKey; bytes?: Uint8Array; value?: unknown }>,
) {
  for (let i = 0; i < writes.length; i += 12) {
    const op = kv.atomic();
    for (const w of writes.slice(i, i + 12)) op.set(w.key, w.bytes ?? w.value);
    await op.commit();
  }
}

/**
 * For reindex: which of an item's current links are unbroken since its creation, replaying its
 * journal ("prop:target" → [date, user] of the creation).
 */
export async function creationStamps(
  core: Core,
  cls: ClassDef,
  rec: ItemRecord,
): Promise<Map<string, LinkStamp>> {
  const out = new Map<string, LinkStamp>();
  const kept = createdEntry(rec);
  const entries: JournalEntry[] = kept ? [kept] : [];
  const prefix = keys.journalPrefix(cls.name, rec.id);
  for await (const e of core.kv.list<JournalEntry>({ prefix })) {
    entries.push(e.value);
  }
  for (const j of entries) {
    if (j.action === "create") {
      for (const [prop, ids] of Object.entries(j.links ?? {})) {
        for (const t of ids) out.set(`${prop}:${t}`, [j.date, j.user]);
      }
    } else if (j.action === "set") {
      for (const [prop, t] of removedLinks(j.params)) {
        out.delete(`${prop}:${t}`);
      }
    }
  }
  return out;
}
