/**
 * The writing pass of import applying what LinkNotes settled (link_notes.ts, where the rule of
 * which journal rows are derived is spelt out): it asks prepareItem for the stamps of each item
 * before any journal is written, which decides the rows naming it and whether its create row
 * goes into the record, then reads the journals through journalReader(), which leaves out the
 * derived rows and the create rows kept in records.
 */
import type { ClassDef } from "./schema.ts";
import type { ItemRecord, JournalEntry, LinkStamp } from "./record.ts";
import {
  CANDIDATE,
  type ClassLinkState,
  KEPT,
  key,
  type LinkState,
  STAMPED,
  VIA_UNLINK,
} from "./link_rows.ts";

/** A journal row as the reader of an export decodes it. */
export interface JournalRow {
  id: string;
  entry: JournalEntry;
}

/** How journalReader() sees the rows of one journal file. */
export interface JournalRowReader<Row> {
  /** Decodes a row (throws on a bad one). */
  decode(row: Row): JournalRow;
  /** True when the row is a "link" row as Roundup writes it, known without decoding it. */
  isLink(row: Row): boolean;
}

/** The writing pass's view of the settled link notes; see the module notes. */
export class CreationLinks {
  #s: LinkState;
  #classes: Map<string, ClassLinkState>;

  constructor(state: LinkState) {
    this.#s = state;
    this.#classes = new Map(state.classes.map((c) => [c.name, c]));
  }

  /** The link state as prepareItem has left it: plain data, for a journal reader in a worker. */
  get state(): LinkState {
    return this.#s;
  }

  /**
   * Readies an item about to be written: decides which of the link rows naming it are derived
   * and returns the stamps for its index entries ("prop:target" → [date, user]); puts its create
   * row into `rec.created` when it may be kept there (the journal reader then leaves it out).
   */
  prepareItem(
    cls: string,
    rec: ItemRecord,
  ): Map<string, LinkStamp> | undefined {
    const stamps = this.#stampsOf(cls, rec);
    const a = this.#classes.get(cls);
    const aid = Number(rec.id);
    if (a && aid < a.createKept.length && a.createKept[aid]) {
      a.createKept[aid] = KEPT;
      rec.created = {
        date: a.createDate[aid]!,
        user: String(a.createUser[aid]),
      };
      const links = this.#linksOf(a, aid);
      if (links) rec.created.links = links;
    }
    return stamps;
  }

  #stampsOf(cls: string, rec: ItemRecord): Map<string, LinkStamp> | undefined {
    const a = this.#classes.get(cls);
    const by = a?.bySource;
    const aid = Number(rec.id);
    if (!by || aid + 1 >= by.start.length) return undefined;
    const { rows, pairs, removed, unlinked, names } = this.#s;
    let stamps: Map<string, LinkStamp> | undefined;
    for (let i = by.start[aid]!; i < by.start[aid + 1]!; i++) {
      const k = by.rows[i]!;
      const p = pairs[rows.pair[k]!]![1];
      const b = String(rows.target[k]);
      const v = rec.values[p];
      const linked = Array.isArray(v) ? v.includes(b) : v === b;
      if (linked && !(removed.size > 0 && removed.has(key(cls, aid, p, b)))) {
        rows.state[k] = STAMPED;
        (stamps ??= new Map()).set(`${p}:${b}`, [
          rows.date[k]!,
          String(rows.user[k]),
        ]);
      } else {
        const target = names[rows.targetClass[k]!]!;
        rows.state[k] = unlinked.has(key(target, b, cls, aid, p)) &&
            a!.createLead[aid] === 0
          ? VIA_UNLINK
          : CANDIDATE;
      }
    }
    return stamps;
  }

  /**
   * After every item: decodes `def`'s journal rows in file order, null for a row left to the
   * index or kept in its item's record; the first create row of an item carries the links it
   * was created with.
   */
  journalReader<Row>(
    def: ClassDef,
    rows: JournalRowReader<Row>,
  ): (row: Row) => JournalRow | null {
    const c = this.#classes.get(def.name);
    let k = c?.firstLink ?? 0;
    const derived = (n: number) =>
      c !== undefined && this.#s.rows.state[n]! >= STAMPED;
    let current = "";
    let created = false;
    return (row) => {
      // A link row is counted before it is decoded: most are left out undecoded.
      const quickLink = rows.isLink(row);
      if (quickLink && derived(k++)) return null;
      const e = rows.decode(row);
      if (e.id !== current) {
        current = e.id;
        created = false;
      }
      const { action } = e.entry;
      if (action === "link" && !quickLink && derived(k++)) return null;
      if (action === "create" && !created) {
        created = true;
        const id = Number(e.id);
        if (c && c.createKept[id] === KEPT) return null;
        const links = c && this.#linksOf(c, id);
        if (links) e.entry.links = links;
      }
      return e;
    };
  }

  /** Link rows given their derived form (after the items are written). */
  derivedCount(): number {
    let n = 0;
    for (const st of this.#s.rows.state) if (st >= STAMPED) n++;
    return n;
  }

  /** Create rows kept in their items' records (after the items are written). */
  keptCount(): number {
    let n = 0;
    for (const c of this.#s.classes) {
      for (const st of c.createKept) if (st === KEPT) n++;
    }
    return n;
  }

  /** The derived links of item `aid`, for its create row. */
  #linksOf(
    c: ClassLinkState,
    aid: number,
  ): Record<string, string[]> | undefined {
    const by = c.bySource;
    if (!by || aid + 1 >= by.start.length) return undefined;
    const { rows, pairs } = this.#s;
    let out: Record<string, string[]> | undefined;
    for (let i = by.start[aid]!; i < by.start[aid + 1]!; i++) {
      const k = by.rows[i]!;
      if (rows.state[k]! < STAMPED) continue;
      const p = pairs[rows.pair[k]!]![1];
      ((out ??= {})[p] ??= []).push(String(rows.target[k]));
    }
    return out;
  }
}
