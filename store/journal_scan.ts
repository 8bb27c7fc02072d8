/**
 * Every journal entry of a class in id order, derived link entries included, streamed: the
 * create entries kept in the records, the class's journal keys and the reverse-index ranges of
 * the classes linking to it are read a page at a time into arrays and merged by item id without
 * an await per entry (for export).
 */
import type { Core } from "./core.ts";
import { keys } from "./keys.ts";
import {
  createdEntry,
  type ItemRecord,
  type JournalEntry,
  stampOfValue,
} from "./record.ts";
import {
  linkEntry,
  linkingProps,
  mergeHistory,
  unlinkedCreationLinks,
} from "./derived_links.ts";

/** Entries read from one KV range before the merge looks at them. */
const PAGE = 1000;

interface Row {
  id: number;
  entry: JournalEntry;
}

/** One KV range, read a page at a time; `rows[pos]` is the next row. */
class Pager {
  #it: Deno.KvListIterator<unknown>;
  #toRow: (e: Deno.KvEntry<unknown>) => Row | null;
  readonly derived: boolean;
  rows: Row[] = [];
  pos = 0;
  done = false;

  constructor(
    it: Deno.KvListIterator<unknown>,
    derived: boolean,
    toRow: (e: Deno.KvEntry<unknown>) => Row | null,
  ) {
    this.#it = it;
    this.derived = derived;
    this.#toRow = toRow;
  }

  /** Reads the next page when the current one is used up; false once the range is exhausted. */
  async ready(): Promise<boolean> {
    if (this.pos < this.rows.length) return true;
    this.rows = [];
    this.pos = 0;
    while (!this.done && this.rows.length < PAGE) {
      const r = await this.#it.next();
      if (r.done) this.done = true;
      else {
        const row = this.#toRow(r.value);
        if (row) this.rows.push(row);
      }
    }
    return this.rows.length > 0;
  }
}

function explicitPager(core: Core, cls: string): Pager {
  const it = core.kv.list<unknown>({ prefix: keys.journalClassPrefix(cls) }, {
    batchSize: PAGE,
  });
  return new Pager(
    it,
    false,
    (e) => ({ id: Number(e.key[2]), entry: e.value as JournalEntry }),
  );
}

/** The "create" entries kept in the class's records. */
function createdPager(core: Core, cls: string): Pager {
  const it = core.kv.list<unknown>({ prefix: keys.itemPrefix(cls) }, {
    batchSize: PAGE,
  });
  return new Pager(it, false, (e) => {
    const rec = e.value as ItemRecord;
    const entry = createdEntry(rec);
    return entry && { id: Number(rec.id), entry };
  });
}

function derivedPager(core: Core, c: string, p: string): Pager {
  const it = core.kv.list<unknown>({ prefix: keys.idxPropPrefix(c, p) }, {
    batchSize: PAGE,
  });
  return new Pager(it, true, (e) => {
    const stamp = stampOfValue(e.value);
    if (!stamp) return null;
    const entry = linkEntry(stamp, [c, String(e.key[4]), p]);
    return { id: Number(e.key[3]), entry };
  });
}

/** Journal entries of every item of `cls`, grouped by item in id order. */
export async function* scanJournal(
  core: Core,
  cls: string,
): AsyncGenerator<{ id: string; entries: JournalEntry[] }> {
  // Kept create entries first: an item's create entry precedes its journal keys.
  let sources = [
    createdPager(core, cls),
    explicitPager(core, cls),
    ...linkingProps(core.schema, cls).map(([c, p]) => derivedPager(core, c, p)),
  ];
  while (true) {
    const used = sources.filter((s) => s.pos >= s.rows.length);
    if (used.length > 0) {
      await Promise.all(used.map((s) => s.ready()));
      sources = sources.filter((s) => s.pos < s.rows.length);
    }
    if (sources.length === 0) return;
    let id = Infinity;
    for (const s of sources) id = Math.min(id, s.rows[s.pos]!.id);
    const explicit: JournalEntry[] = [];
    const derived: JournalEntry[] = [];
    for (const s of sources) {
      const into = s.derived ? derived : explicit;
      for (;;) {
        while (s.pos < s.rows.length && s.rows[s.pos]!.id === id) {
          into.push(s.rows[s.pos++]!.entry);
        }
        // An item's rows may run past the end of a page: read on until they end.
        if (s.pos < s.rows.length || !(await s.ready())) break;
      }
    }
    if (explicit.some((e) => e.action === "unlink")) {
      const seen = new Set(derived.map((e) => JSON.stringify(e.params)));
      derived.push(
        ...await unlinkedCreationLinks(core, String(id), explicit, seen),
      );
    }
    yield { id: String(id), entries: mergeHistory(derived, explicit) };
  }
}
