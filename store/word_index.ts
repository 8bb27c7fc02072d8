/**
 * The full-text index as posting lists: each commit writes ONE key per distinct word,
 * ["word", WORD, commitUid] → ["cls:id", …], instead of one key per (word, item). Scattered
 * single-posting keys cost KV about twice as much per key as these grouped appends.
 * An item remembers, per indexed property, the commitUid its words were filed under
 * (ItemRecord.words), so re-indexing removes it from exactly those posting keys.
 */
import { keys } from "./keys.ts";
import { indexWords } from "./words.ts";
import type { AtomicPlan } from "./atomic_plan.ts";

/** Above this many posting keys to edit, removals are written without versionstamp checks. */
const CHECKED_REMOVALS = 40;

/** One indexed property of one item whose text changed in a commit. */
export interface WordChange {
  doc: string;
  prop: string;
  /** commitUid its old words were filed under (absent: never indexed). */
  oldUid?: string;
  oldText?: string;
  newText?: string;
}

/** A fresh posting-group id, ordered roughly by time. */
export function newCommitUid(now: number): string {
  return now.toString(36).padStart(9, "0") +
    Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, "0");
}

/** Adds the writes for a commit's word changes to the plan. */
export async function planWordChanges(
  kv: Deno.Kv,
  plan: AtomicPlan,
  uid: string,
  changes: WordChange[],
): Promise<void> {
  const adds = new Map<string, string[]>();
  const removals = new Map<string, Set<string>>();
  for (const c of changes) {
    if (c.oldUid && c.oldText) {
      for (const w of indexWords(c.oldText)) {
        const k = JSON.stringify(keys.posting(w, c.oldUid));
        (removals.get(k) ?? removals.set(k, new Set()).get(k)!).add(c.doc);
      }
    }
    for (const w of indexWords(c.newText ?? "")) {
      (adds.get(w) ?? adds.set(w, []).get(w)!).push(c.doc);
    }
  }
  for (const [w, docs] of adds) {
    plan.set(keys.posting(w, uid), [...new Set(docs)]);
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
}

/** Documents ("cls:id") whose indexed text holds every word (all words in one document). */
export async function findDocuments(
  kv: Deno.Kv,
  words: string[],
): Promise<Set<string>> {
  let docs: Set<string> | null = null;
  for (const w of words) {
    const hits = new Set<string>();
    for await (
      const e of kv.list<string[]>({ prefix: keys.postingPrefix(w) })
    ) {
      for (const d of e.value) if (docs === null || docs.has(d)) hits.add(d);
    }
    docs = hits;
    if (docs.size === 0) break;
  }
  return docs ?? new Set();
}
