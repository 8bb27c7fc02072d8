/**
 * "link" journal entries implied by item creation. Creating an issue with nosy [2, 3] writes no
 * entries into the journals of user2 and user3; their history() derives them instead: candidates
 * are the items that link to them now (the reverse index) or that unlinked them later (explicit
 * "unlink" entries), and a candidate's "create" entry records the links it was created with.
 */
import type { Core } from "./core.ts";
import { keys } from "./keys.ts";
import type { JournalEntry } from "./record.ts";

/** Derived "link" entries for item `id` of class `cls`, given its explicit journal entries. */
export async function derivedLinkEntries(
  core: Core,
  cls: string,
  id: string,
  explicit: JournalEntry[],
): Promise<JournalEntry[]> {
  const candidates = new Set<string>();
  for (const c of core.schema.classes.values()) {
    for (const p of c.props.values()) {
      if (p.class !== cls || p.automatic || p.do_journal === false) continue;
      for await (
        const e of core.kv.list({
          prefix: keys.idxValuePrefix(c.name, p.name, Number(id)),
        })
      ) {
        candidates.add(JSON.stringify([c.name, String(e.key[4]), p.name]));
      }
    }
  }
  for (const e of explicit) {
    if (e.action === "unlink" && Array.isArray(e.params)) {
      candidates.add(JSON.stringify(e.params));
    }
  }
  const out: JournalEntry[] = [];
  for (const cand of candidates) {
    const [srcCls, srcId, prop] = JSON.parse(cand) as [string, string, string];
    for await (
      const e of core.kv.list<JournalEntry>({
        prefix: keys.journalPrefix(srcCls, srcId),
      }, { limit: 1 })
    ) {
      if (e.value.action === "create" && e.value.links?.[prop]?.includes(id)) {
        out.push({
          date: e.value.date,
          user: e.value.user,
          action: "link",
          params: [srcCls, srcId, prop],
        });
      }
    }
  }
  return out;
}
