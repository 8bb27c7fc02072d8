/**
 * Every journal entry of a class in id order, derived link entries included, streamed: the
 * class's journal keys and the reverse-index ranges of the classes linking to it are read in
 * parallel and merged by item id (for export).
 */
import type { Core } from "./core.ts";
import { keys } from "./keys.ts";
import type { JournalEntry, LinkStamp } from "./record.ts";
import {
  linkEntry,
  linkingProps,
  mergeHistory,
  unlinkedCreationLinks,
} from "./derived_links.ts";

interface Row {
  id: number;
  entry: JournalEntry;
  derived: boolean;
}

class Peek {
  #it: AsyncIterator<Row>;
  head: Row | null = null;
  constructor(it: AsyncIterator<Row>) {
    this.#it = it;
  }
  async next(): Promise<void> {
    const r = await this.#it.next();
    this.head = r.done ? null : r.value;
  }
}

async function* explicitRows(core: Core, cls: string): AsyncGenerator<Row> {
  const prefix = keys.journalClassPrefix(cls);
  for await (
    const e of core.kv.list<JournalEntry>({ prefix }, { batchSize: 1000 })
  ) {
    yield { id: Number(e.key[2]), entry: e.value, derived: false };
  }
}

async function* derivedRows(
  core: Core,
  c: string,
  p: string,
): AsyncGenerator<Row> {
  for await (
    const e of core.kv.list<unknown>({ prefix: keys.idxPropPrefix(c, p) }, {
      batchSize: 1000,
    })
  ) {
    if (!Array.isArray(e.value)) continue;
    const entry = linkEntry(e.value as LinkStamp, [c, String(e.key[4]), p]);
    yield { id: Number(e.key[3]), entry, derived: true };
  }
}

/** Journal entries of every item of `cls`, grouped by item in id order. */
export async function* scanJournal(
  core: Core,
  cls: string,
): AsyncGenerator<{ id: string; entries: JournalEntry[] }> {
  const sources = [
    explicitRows(core, cls),
    ...linkingProps(core, cls).map(([c, p]) => derivedRows(core, c, p)),
  ]
    .map((it) => new Peek(it));
  for (const s of sources) await s.next();
  while (true) {
    const heads = sources.filter((s) => s.head !== null);
    if (heads.length === 0) return;
    const id = Math.min(...heads.map((s) => s.head!.id));
    const explicit: JournalEntry[] = [];
    const derived: JournalEntry[] = [];
    for (const s of heads) {
      while (s.head && s.head.id === id) {
        (s.head.derived ? derived : explicit).push(s.head.entry);
        await s.next();
      }
    }
    const seen = new Set(derived.map((e) => JSON.stringify(e.params)));
    derived.push(
      ...await unlinkedCreationLinks(core, String(id), explicit, seen),
    );
    yield { id: String(id), entries: mergeHistory(derived, explicit) };
  }
}
