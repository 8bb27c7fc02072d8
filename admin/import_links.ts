/**
 * Creation "link" entries of an export, given back the form the store keeps them in.
 *
 * The store writes no "link" entry into the journals of the items a new item links to: the index
 * entries of those links carry the creation's [date, user], and history derives the entries from
 * them (store/derived_links.ts). An export lists them as ordinary rows: most of a typical journal
 * (three quarters of the benchmark's). Import turns such a row back into its derived form when
 * that gives exactly the same history, and writes every other row as it is. A "link" row in the
 * journal of item b, naming (A, a, p), is derived when
 * - p is a journalled link property of class A to b's class, the row is the first in b's journal
 *   naming (A, a, p), and no other row of b up to it has the same or a later date (derived
 *   entries sort first among entries of equal date);
 * - a's journal has a "create" row with the row's date and user; and
 * - either a links b through p and no "set" row of a shows b removed (b's index entry gets the
 *   stamp), or b's journal has an "unlink" row naming (A, a, p) and a's "create" row is its
 *   first (history finds the creation there).
 * a's "create" row then lists those links, as the store's own create entries do. Real Roundup
 * dates a creation's link rows apart from its create row, so its exports keep their link rows;
 * an export of this store gives every creation link back its derived form.
 *
 * The store keeps an item's "create" entry in its record (ItemRecord.created). Import does the
 * same with a create row that is its item's first row (no later row dated earlier), has no
 * params and an item id as user, in a journal grouped by item; other create rows stay rows.
 *
 * The checking pass notes every journal row (import_link_notes.ts, possibly in a worker) and
 * settles which rows may be derived; the writing pass asks this class for the stamps of each
 * item (prepareItem) before any journal is written, which decides the rows naming it and whether
 * its create row goes into the record, then reads the journals through journalReader(), which
 * leaves out the derived rows and the create rows kept in records.
 */
import type {
  ClassDef,
  ItemRecord,
  JournalEntry,
  LinkStamp,
} from "../store/mod.ts";
import { importJournal } from "./export_journal.ts";
import {
  CANDIDATE,
  type ClassLinkState,
  KEPT,
  key,
  type LinkState,
  STAMPED,
  VIA_UNLINK,
} from "./import_link_notes.ts";

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
  journalReader(
    def: ClassDef,
  ): (fields: string[]) => { id: string; entry: JournalEntry } | null {
    const c = this.#classes.get(def.name);
    let k = c?.firstLink ?? 0;
    const derived = (n: number) =>
      c !== undefined && this.#s.rows.state[n]! >= STAMPED;
    let current = "";
    let created = false;
    return (fields) => {
      // A link row is counted before it is decoded: most are left out undecoded.
      const quickLink = fields[3] === "'link'";
      if (quickLink && derived(k++)) return null;
      const e = importJournal(def, fields);
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
