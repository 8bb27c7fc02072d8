/**
 * "link" journal entries implied by item creation. Creating an issue with nosy [2, 3] writes no
 * entries into the journals of user2 and user3. Instead the reverse-index entries it writes
 * (["idx", "issue", "nosy", 2, issueId]) carry [date, user] of the creation, and history() turns
 * them back into entries. A link removed later has an explicit "unlink" entry naming the item,
 * whose "create" entry still records the links it was created with. That create entry is kept in
 * the item's record (ItemRecord.created), so a creation writes no journal key at all; trackers
 * written before that have it as the item's first journal entry, and both are read. Import
 * applies the inverse rule, which exported rows to leave to this derivation: link_notes.ts.
 */
import type { Core } from "./core.ts";
import type { Schema } from "./schema.ts";
import { keys } from "./keys.ts";
import {
  createdEntry,
  type ItemRecord,
  type JournalEntry,
  type LinkStamp,
  stampOfValue,
} from "./record.ts";

/** The (class, property) pairs whose links into `cls` are journalled. */
export function linkingProps(
  schema: Schema,
  cls: string,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const c of schema.classes.values()) {
    for (const p of c.props.values()) {
      if (p.class === cls && !p.automatic && p.do_journal !== false) {
        out.push([c.name, p.name]);
      }
    }
  }
  return out;
}

/** The derived entry for a creation stamp. */
export function linkEntry(
  stamp: LinkStamp,
  src: [string, string, string],
): JournalEntry {
  return { date: stamp[0], user: stamp[1], action: "link", params: src };
}

/** Derived "link" entries for item `id` of class `cls`, given its explicit journal entries. */
export async function derivedLinkEntries(
  core: Core,
  cls: string,
  id: string,
  explicit: JournalEntry[],
): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  const seen = new Set<string>();
  for (const [c, p] of linkingProps(core.schema, cls)) {
    const prefix = keys.idxValuePrefix(c, p, Number(id));
    for await (const e of core.kv.list<unknown>({ prefix })) {
      const stamp = stampOfValue(e.value);
      if (!stamp) continue;
      const src: [string, string, string] = [c, String(e.key[4]), p];
      out.push(linkEntry(stamp, src));
      seen.add(JSON.stringify(src));
    }
  }
  out.push(...await unlinkedCreationLinks(core, id, explicit, seen));
  return out;
}

/** Creation links of items that unlinked `id` later (named by explicit "unlink" entries). */
export async function unlinkedCreationLinks(
  core: Core,
  id: string,
  explicit: JournalEntry[],
  seen: Set<string>,
): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for (const e of explicit) {
    if (e.action !== "unlink" || !Array.isArray(e.params)) continue;
    const src = e.params as [string, string, string];
    const k = JSON.stringify(src);
    if (seen.has(k)) continue;
    seen.add(k);
    const [c, x, p] = src;
    const created = await createEntryOf(core, c, x);
    if (created?.links?.[p]?.includes(id)) {
      out.push(linkEntry([created.date, created.user], src));
    }
  }
  return out;
}

/** An item's "create" entry: kept in its record, or (stores before that) its first journal entry. */
export async function createEntryOf(
  core: Core,
  cls: string,
  id: string,
): Promise<JournalEntry | null> {
  const rec = await core.kv.get<ItemRecord>(keys.item(cls, id));
  const kept = createdEntry(rec.value);
  if (kept) return kept;
  for await (
    const j of core.kv.list<JournalEntry>({
      prefix: keys.journalPrefix(cls, id),
    }, { limit: 1 })
  ) {
    if (j.value.action === "create") return j.value;
  }
  return null;
}

/** Explicit and derived entries merged by date (derived first on ties), internal fields dropped. */
export function mergeHistory(
  derived: JournalEntry[],
  explicit: JournalEntry[],
): JournalEntry[] {
  return [...derived, ...explicit]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.date - b.e.date || a.i - b.i)
    .map(({ e }) => {
      const { links: _links, ...rest } = e;
      return rest;
    });
}
