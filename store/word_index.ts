/**
 * The full-text index as posting lists: each commit writes ONE key per distinct word,
 * ["word", WORD, commitUid] → ["cls:id", …], instead of one key per (word, item); scattered
 * single-posting keys cost KV about twice as much per key as these grouped appends.
 * An item remembers, per indexed property, the uid its words were filed under
 * (ItemRecord.words), so re-indexing removes it from exactly those posting keys.
 *
 * A text with more distinct words than fit in one commit is filed under its own uid starting
 * with "p", written ahead of the commit (values "cls:id:prop"). Search trusts such postings only
 * while the item still names that uid, so they need no removal and an aborted commit leaves
 * nothing visible.
 */
import { keys } from "./keys.ts";
import { indexWords } from "./words.ts";
import type { AtomicPlan } from "./atomic_plan.ts";
import type { ItemRecord, Values } from "./record.ts";
import type { ClassDef } from "./schema.ts";
import { textOf } from "./content.ts";

/** Above this many distinct words, a text's postings are written ahead under their own uid. */
export const LARGE_TEXT_WORDS = 200;
/** Above this many posting keys to edit, removals are written without versionstamp checks. */
const CHECKED_REMOVALS = 40;

/** One indexed property of one item whose text changed in a commit. */
export interface WordChange {
  doc: string;
  prop: string;
  /** uid its old words were filed under (absent: never indexed). */
  oldUid?: string;
  oldText?: string;
  /** Distinct index words of the new text. */
  words: string[];
  /** uid the new words are filed under. */
  uid: string;
}

/** A fresh posting-group id, ordered roughly by time. */
export function newCommitUid(now: number): string {
  return now.toString(36).padStart(9, "0") +
    Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, "0");
}

/**
 * The last part of the key of a commit's `n`th journal entry: entries of one item with the same
 * date sort in the order they were made.
 */
export function journalUniq(uid: string, n: number): string {
  return `${uid}${String(n).padStart(5, "0")}`;
}

/** The change record of one property's new words; a large text gets its own write-ahead uid. */
export function wordsChange(
  doc: string,
  prop: string,
  commitUid: string,
  old: { uid?: string; text?: string },
  words: string[],
): WordChange {
  const uid = words.length > LARGE_TEXT_WORDS
    ? `p${commitUid}${doc}:${prop}`
    : commitUid;
  return { doc, prop, oldUid: old.uid, oldText: old.text, words, uid };
}

/**
 * Adds a commit's posting writes to the plan, and removes the item from the postings its old
 * texts were filed under; returns the postings of large texts, which are written ahead.
 */
export async function planWordChanges(
  kv: Deno.Kv,
  plan: AtomicPlan,
  changes: WordChange[],
): Promise<Array<[Deno.KvKey, string[]]>> {
  const writes = postingWrites(changes);
  for (const [key, docs] of writes.set) plan.set(key, docs);
  const removals = new Map<string, Set<string>>();
  for (const c of changes) {
    if (!c.oldUid || !c.oldText || c.oldUid.startsWith("p")) continue;
    for (const w of indexWords(c.oldText)) {
      const k = JSON.stringify(keys.posting(w, c.oldUid));
      (removals.get(k) ?? removals.set(k, new Set()).get(k)!).add(c.doc);
    }
  }
  const removalKeys = [...removals.keys()].map((k) =>
    JSON.parse(k) as Deno.KvKey
  );
  const checked = removalKeys.length <= CHECKED_REMOVALS;
  for (let i = 0; i < removalKeys.length; i += 10) {
    const batch = removalKeys.slice(i, i + 10);
    const got = await kv.getMany<string[][]>(batch);
    got.forEach((e, j) => {
      if (e.value === null) return;
      const drop = removals.get(JSON.stringify(batch[j]))!;
      const left = e.value.filter((d) => !drop.has(d));
      if (checked) plan.check(e.key, e.versionstamp);
      if (left.length === 0) plan.delete(e.key);
      else plan.set(e.key, left);
    });
  }
  return writes.ahead;
}

/**
 * The posting keys of a group of word changes: one key per word for the changes filed under the
 * group's uid (its value the documents, "cls:id"), and one per word of each large text under its
 * own uid (value ["cls:id:prop"]), which is written ahead of the commit.
 */
export function postingWrites(changes: WordChange[]): {
  set: Array<[Deno.KvKey, string[]]>;
  ahead: Array<[Deno.KvKey, string[]]>;
} {
  const grouped = new Map<string, Map<string, string[]>>();
  const ahead: Array<[Deno.KvKey, string[]]> = [];
  for (const c of changes) {
    if (c.uid.startsWith("p")) {
      for (const w of c.words) {
        ahead.push([keys.posting(w, c.uid), [`${c.doc}:${c.prop}`]]);
      }
      continue;
    }
    const byWord = grouped.get(c.uid) ??
      grouped.set(c.uid, new Map()).get(c.uid)!;
    for (const w of c.words) {
      const list = byWord.get(w);
      if (!list) byWord.set(w, [c.doc]);
      else if (list[list.length - 1] !== c.doc) list.push(c.doc);
    }
  }
  const set: Array<[Deno.KvKey, string[]]> = [];
  for (const [uid, byWord] of grouped) {
    for (const [w, docs] of byWord) {
      set.push([keys.posting(w, uid), [...new Set(docs)]]);
    }
  }
  return { set, ahead };
}

/** Where one word was found: plain postings, and large-text postings still to be verified. */
interface WordHits {
  plain: Set<string>;
  /** doc → [prop, uid] of the large-text postings naming it. */
  large: Map<string, Array<[string, string]>>;
}

/** Documents ("cls:id") whose indexed text holds every word (all words in one document). */
export async function findDocuments(
  kv: Deno.Kv,
  words: string[],
  read: (cls: string, ids: string[]) => Promise<(ItemRecord | null)[]>,
): Promise<Set<string>> {
  const found: WordHits[] = [];
  let docs: Set<string> | null = null;
  for (const w of words) {
    const hits: WordHits = { plain: new Set(), large: new Map() };
    for await (
      const e of kv.list<string[]>({ prefix: keys.postingPrefix(w) }, {
        batchSize: 500,
      })
    ) {
      const uid = String(e.key[2]);
      if (!uid.startsWith("p")) {
        // Plain postings are "cls:id" and are removed when their text changes: no check needed.
        for (const doc of e.value) {
          if (docs === null || docs.has(doc)) hits.plain.add(doc);
        }
        continue;
      }
      for (const entry of e.value) {
        const cut = entry.lastIndexOf(":");
        const doc = entry.slice(0, cut);
        if (docs !== null && !docs.has(doc)) continue;
        const list = hits.large.get(doc) ?? hits.large.set(doc, []).get(doc)!;
        list.push([entry.slice(cut + 1), uid]);
      }
    }
    found.push(hits);
    docs = new Set([...hits.plain, ...hits.large.keys()]);
    if (docs.size === 0) break;
  }
  return await verify(docs ?? new Set(), found, read);
}

/** The documents whose large-text hits are still current (their item names the uid). */
async function verify(
  docs: Set<string>,
  found: WordHits[],
  read: (cls: string, ids: string[]) => Promise<(ItemRecord | null)[]>,
): Promise<Set<string>> {
  const out = new Set<string>();
  const byClass = new Map<string, string[]>();
  for (const doc of docs) {
    if (found.every((h) => h.plain.has(doc))) out.add(doc);
    else {
      const [cls, id] = doc.split(":") as [string, string];
      (byClass.get(cls) ?? byClass.set(cls, []).get(cls)!).push(id);
    }
  }
  for (const [cls, ids] of byClass) {
    const recs = await read(cls, ids);
    ids.forEach((id, i) => {
      const words = recs[i]?.words ?? {};
      const doc = `${cls}:${id}`;
      const ok = found.every((h) =>
        h.plain.has(doc) ||
        (h.large.get(doc) ?? []).some(([prop, uid]) => words[prop] === uid)
      );
      if (ok) out.add(doc);
    });
  }
  return out;
}

/**
 * The index words of a new item, per indexed property it has (a FileClass item's content always
 * counts, as empty when not given): what a bulk load files it under. Pure, so a worker that reads
 * the items can tokenise them too.
 */
export function newItemWords(
  cls: ClassDef,
  values: Values,
  content: Uint8Array | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of cls.props.values()) {
    if (p.type !== "String" || !p.indexme) continue;
    let text: string | undefined;
    if (p.name === "content") {
      if (cls.base !== "FileClass") continue;
      text = textOf(cls, values, content ?? new Uint8Array(0));
    } else {
      const v = values[p.name];
      if (v === undefined) continue;
      text = v as string | undefined;
    }
    out[p.name] = indexWords(text ?? "");
  }
  return out;
}
