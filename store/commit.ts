/**
 * Turning a transaction's changes into ONE atomic KV commit: versionstamp checks, items, index
 * keys, key-property entries, journal entries, content blobs and full-text postings.
 */
import type { Core } from "./core.ts";
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import {
  createdEntry,
  type ItemRecord,
  type JournalEntry,
  type LinkStamp,
} from "./record.ts";
import { type PendingBlob, readContent, textOf } from "./content.ts";
import { AtomicPlan } from "./atomic_plan.ts";
import { removedLinks } from "./journal.ts";
import { planWordChanges, type WordChange } from "./word_index.ts";
import { indexWords } from "./words.ts";
import { fileWords, itemWrites } from "./item_writes.ts";
import { guardWrite } from "./format.ts";
import { CountSums } from "./counts.ts";

/** One item a transaction wrote, with what it looked like before. */
export interface Touched {
  cls: ClassDef;
  before: ItemRecord | null;
  after: ItemRecord;
  /** FileClass content given in this transaction: its new chunks and the text to index. */
  content?: { blobs: PendingBlob[]; text?: string };
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
  /** Other keys deleted in the same commit (see Tx.alsoDelete). */
  deletes?: Deno.KvKey[];
  uid: string;
}

/** Builds and commits the atomic write; false when a check failed (the caller retries). */
export async function commitChanges(
  core: Core,
  c: CommitInput,
): Promise<boolean> {
  const plan = new AtomicPlan(core.kv);
  await guardWrite(core, plan);
  for (const [cls, s] of c.seq) {
    plan.check(keys.seq(cls), s.vs);
    plan.set(keys.seq(cls), s.last);
  }
  const wordChanges: WordChange[] = [];
  const ahead: Array<[Deno.KvKey, unknown]> = [];
  const counts = new CountSums();
  for (const { t, read } of c.touched) {
    // From the record as stored before (a rebuild included): a rebuild changes no count.
    counts.change(t.cls, t.before, t.after);
    wordChanges.push(...await wordChangesOf(core, t, c.uid));
    if (read) plan.check(read.key, read.vs);
    const w = itemWrites({
      cls: t.cls,
      // A rebuild writes every key again and deletes none.
      before: t.rebuild ? null : t.before,
      after: t.after,
      blobs: t.content?.blobs,
      stampOf: stampOf(t),
      rewriteIndex: t.stamps !== undefined,
    });
    for (const key of w.delete) plan.delete(key);
    for (const [key, value] of w.set) plan.set(key, value);
    plan.set(...w.record);
    ahead.push(...w.ahead);
  }
  ahead.push(...await planWordChanges(core.kv, plan, wordChanges));
  for (const r of c.keyReads) {
    if (r.id === r.orig) continue;
    plan.check(r.key, r.vs);
    if (r.id === null) plan.delete(r.key);
    else plan.set(r.key, r.id);
  }
  for (const j of c.journal) plan.set(j.key, j.value);
  for (const key of c.deletes ?? []) plan.delete(key);
  for (const [key, n] of counts.operands()) plan.sum(key, n);
  // Written first; until the commit below links them they are unreachable (or, for postings,
  // ignored by search because no item names their uid).
  await writeAhead(core.kv, ahead);
  return await plan.commit();
}

/** Stamps of the links an item was created with (all, for an item created here). */
function stampOf(t: Touched): (slot: string) => LinkStamp | undefined {
  const { linkStamp, stamps } = t;
  return linkStamp ? () => linkStamp : (slot) => stamps?.get(slot);
}

/** The indexed texts that changed in `t`, filed under `uid` (fileWords sets after.words). */
async function wordChangesOf(
  core: Core,
  t: Touched,
  uid: string,
): Promise<WordChange[]> {
  const words: Record<string, string[]> = {};
  const texts: Record<string, string> = {};
  for (const p of t.cls.props.values()) {
    if (p.type !== "String" || !p.indexme) continue;
    if (p.name === "content") {
      if (!t.content) continue;
      words.content = indexWords(t.content.text ?? "");
      const old = t.before?.content
        ? textOf(
          t.cls,
          t.before.values,
          await readContent(core.kv, t.before.content),
        )
        : undefined;
      if (old !== undefined) texts.content = old;
      continue;
    }
    const oldText = t.before?.values[p.name] as string | undefined;
    const newText = t.after.values[p.name] as string | undefined;
    if (oldText === newText && !t.rebuild) continue;
    words[p.name] = indexWords(newText ?? "");
    if (typeof oldText === "string") texts[p.name] = oldText;
  }
  const oldWords = t.rebuild?.forgetOldPostings ? undefined : t.before?.words;
  return fileWords(t.cls, t.after, uid, words, { words: oldWords, texts });
}

async function writeAhead(kv: Deno.Kv, writes: Array<[Deno.KvKey, unknown]>) {
  for (let i = 0; i < writes.length; i += 12) {
    const op = kv.atomic();
    for (const [key, value] of writes.slice(i, i + 12)) op.set(key, value);
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
