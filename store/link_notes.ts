/**
 * Which rows of an export's journals the store keeps in derived form rather than as journal
 * entries: the inverse of derived_links.ts, used by import.
 *
 * The store writes no "link" entry into the journals of the items a new item links to: the
 * index entries of those links carry the creation's [date, user], and history derives the
 * entries from them (derived_links.ts). An export lists them as ordinary rows: most of a typical
 * journal (three quarters of the benchmark's). Import gives such a row back its derived form when
 * that gives exactly the same history, and writes every other row as it is. A "link" row in the
 * journal of item b, naming (A, a, p), is derived when
 * - p is a journalled link property of class A to b's class (linkingProps), the row is the first
 *   in b's journal naming (A, a, p), and no other row of b up to it has the same or a later date
 *   (derived entries sort first among entries of equal date: mergeHistory);
 * - a's journal has a "create" row with the row's date and user; and
 * - either a links b through p and no "set" row of a shows b removed (b's index entry gets the
 *   stamp), or b's journal has an "unlink" row naming (A, a, p) and a's "create" row is its
 *   first (history finds the creation there: unlinkedCreationLinks).
 * a's "create" row then lists those links, as the store's own create entries do. Real Roundup
 * dates a creation's link rows apart from its create row, so its exports keep their link rows;
 * an export of this store gives every creation link back its derived form.
 *
 * The store keeps an item's "create" entry in its record (ItemRecord.created). Import does the
 * same with a create row that is its item's first row (no later row dated earlier), has no
 * params and an item id as user, in a journal grouped by item; other create rows stay rows.
 *
 * LinkNotes is the checking pass's side: it is shown every decoded journal row in file order
 * (create rows, link and unlink rows, set rows that remove links matter) and, once all journals
 * are read, settles which link rows may take their derived form. Its result (LinkState,
 * link_rows.ts) is plain data, so the journals can be checked in a worker and the result posted
 * back. The writing pass applies it through CreationLinks (creation_links.ts).
 */
import type { JournalEntry } from "./record.ts";
import type { Schema } from "./schema.ts";
import { removedLinks } from "./journal.ts";
import { linkingProps } from "./derived_links.ts";
import {
  CANDIDATE,
  type ClassLinkState,
  type ClassNotes,
  EXPLICIT,
  grow,
  GrowingRows,
  isEmptyParams,
  KEEPABLE,
  key,
  type LinkRowColumns,
  type LinkState,
} from "./link_rows.ts";

/** The item whose rows are being read. */
interface Group {
  c: ClassNotes;
  id: number;
  rows: number;
  /** Latest date of its rows that are not link rows. */
  latest: number;
  /** How many rows it began with that are link rows of one date, and that date. */
  lead: number;
  leadDate: number;
  /** Sources (pair, id) of its candidate link rows. */
  sources: Set<number>;
}

/** Collects the notes of the checking pass; see the module notes. */
export class LinkNotes {
  #schema: Schema;
  #classes = new Map<string, ClassNotes>();
  #names: string[] = [];
  #pairs: Array<[string, string]> = [];
  #rows = new GrowingRows();
  #removed = new Set<string>();
  #unlinked = new Set<string>();
  #group: Group | null = null;
  #lastUser = "";
  #lastUserNumber = -1;

  constructor(schema: Schema) {
    this.#schema = schema;
  }

  /** Called before the rows of `cls`'s journal. */
  startJournal(cls: string): void {
    this.#endGroup();
    const pairs = new Map<string, Map<string, number>>();
    for (const [c, p] of linkingProps(this.#schema, cls)) {
      let m = pairs.get(c);
      if (!m) pairs.set(c, m = new Map());
      m.set(p, this.#pairs.push([c, p]) - 1);
    }
    this.#classes.set(cls, {
      name: cls,
      index: this.#names.push(cls) - 1,
      disabled: false,
      createDate: new Float64Array(0),
      createUser: new Int32Array(0),
      createPlain: new Uint8Array(0),
      createLead: new Int32Array(0),
      createLinkEnd: new Int32Array(0),
      ended: new Uint8Array(0),
      firstLink: this.#rows.n,
      pairs,
    });
  }

  /** One decoded journal row of item `id` of `cls`, in file order. */
  note(cls: string, id: string, e: JournalEntry): void {
    const g = this.#groupOf(cls, Number(id));
    const { c } = g;
    const n = g.id;
    const first = g.rows++ === 0;
    if (e.date < c.createDate[n]!) {
      c.createLead[n] = -1;
    }
    switch (e.action) {
      case "link":
        this.#link(g, e);
        return;
      case "create":
        if (Number.isNaN(c.createDate[n])) {
          c.createDate[n] = e.date;
          c.createUser[n] = this.#userNumber(e.user);
          c.createLead[n] = first
            ? 0
            : g.rows - 1 === g.lead && g.leadDate === e.date
            ? g.lead
            : -1;
          c.createLinkEnd[n] = this.#rows.n;
          // Kept in the record only when the row comes back the same: no params, user an id.
          c.createPlain[n] =
            isEmptyParams(e.params) && e.user === String(c.createUser[n])
              ? 1
              : 0;
        }
        break;
      case "set":
        for (const [p, t] of removedLinks(e.params)) {
          this.#removed.add(key(cls, n, p, t));
        }
        break;
      case "unlink": {
        const [a, aid, p] = e.params as [string, string, string];
        this.#unlinked.add(key(cls, n, a, aid, p));
        break;
      }
    }
    g.latest = Math.max(g.latest, e.date);
  }

  /** After every journal: which link rows may be derived, grouped by their source item. */
  settle(): LinkState {
    this.#endGroup();
    const rows = this.#rows.columns();
    const n = this.#rows.n;
    const counts = new Map<string, Int32Array>();
    const sourceOf = (k: number) =>
      this.#classes.get(this.#pairs[rows.pair[k]!]![0]);
    for (let k = 0; k < n; k++) {
      if (rows.state[k] !== CANDIDATE) continue;
      const a = sourceOf(k);
      const target = this.#classes.get(this.#names[rows.targetClass[k]!]!)!;
      const aid = rows.source[k]!;
      if (
        !a || a.disabled || target.disabled ||
        aid >= a.createDate.length || a.createDate[aid] !== rows.date[k] ||
        a.createUser[aid] !== rows.user[k]
      ) {
        rows.state[k] = EXPLICIT;
        continue;
      }
      let cnt = counts.get(a.name);
      if (!cnt) {
        counts.set(a.name, cnt = new Int32Array(a.createDate.length + 1));
      }
      cnt[aid + 1]!++;
    }
    const bySource = new Map<string, ClassLinkState["bySource"]>();
    for (const [name, cnt] of counts) {
      for (let i = 1; i < cnt.length; i++) cnt[i]! += cnt[i - 1]!;
      const fill = cnt.slice();
      const list = new Int32Array(cnt[cnt.length - 1]!);
      bySource.set(name, { start: cnt, rows: list });
      for (let k = 0; k < n; k++) {
        if (rows.state[k] !== CANDIDATE || sourceOf(k)!.name !== name) continue;
        list[fill[rows.source[k]!]!++] = k;
      }
    }
    return {
      names: this.#names,
      pairs: this.#pairs,
      rows,
      classes: [...this.#classes.values()].map((c) => ({
        name: c.name,
        firstLink: c.firstLink,
        createLead: c.createLead,
        createDate: c.createDate,
        createUser: c.createUser,
        createKept: this.#keepable(c, rows),
        bySource: bySource.get(c.name),
      })),
      removed: this.#removed,
      unlinked: this.#unlinked,
    };
  }

  /**
   * Which items' create rows may be kept in their records (ClassLinkState.createKept): history
   * puts a kept create entry after the derived entries of its date and before every journal
   * key, so the row must come first in its item's rows but for link rows of its date that are
   * to be derived. Whether those are derived is settled when their source is written; here they
   * must be candidates whose link no "set" row removed, which a consistent export then derives
   * (an inconsistent one may see the two rows of one date swap places).
   */
  #keepable(c: ClassNotes, rows: LinkRowColumns): Uint8Array {
    const out = new Uint8Array(c.createDate.length);
    if (c.disabled) return out;
    for (let n = 0; n < out.length; n++) {
      const lead = c.createLead[n]!;
      if (!c.createPlain[n] || c.createUser[n]! < 0 || lead < 0) continue;
      let ok = true;
      const end = c.createLinkEnd[n]!;
      for (let k = end - lead; k < end && ok; k++) {
        const [a, p] = this.#pairs[rows.pair[k]!] ?? [];
        ok = rows.state[k] === CANDIDATE && a !== undefined &&
          !this.#removed.has(key(a, rows.source[k]!, p!, rows.target[k]!));
      }
      if (ok) out[n] = KEEPABLE;
    }
    return out;
  }

  #link(g: Group, e: JournalEntry): void {
    const rows = this.#rows;
    const k = rows.add();
    if (g.rows - 1 === g.lead && (g.lead === 0 || e.date === g.leadDate)) {
      g.lead++;
      g.leadDate = e.date;
    }
    const [a, aid, p] = e.params as [string, string, string];
    const pair = g.c.pairs.get(a)?.get(p);
    const user = this.#userNumber(e.user);
    const source = aid.length <= 9 ? Number(aid) : NaN;
    let state = pair !== undefined && user >= 0 && e.date > g.latest &&
        Number.isInteger(source)
      ? CANDIDATE
      : EXPLICIT;
    if (state === CANDIDATE) {
      // Only the first row naming the same (class, id, prop) may be derived.
      const src = pair! * 1e9 + source;
      if (g.sources.has(src)) state = EXPLICIT;
      g.sources.add(src);
    }
    const cols = rows.cols;
    cols.state[k] = state;
    cols.date[k] = e.date;
    cols.user[k] = user;
    cols.pair[k] = pair ?? -1;
    cols.source[k] = state === CANDIDATE ? source : 0;
    cols.target[k] = g.id;
    cols.targetClass[k] = g.c.index;
  }

  #groupOf(cls: string, id: number): Group {
    const g = this.#group;
    if (g && g.c.name === cls && g.id === id) return g;
    this.#endGroup();
    const c = this.#classes.get(cls)!;
    grow(c, id);
    if (c.ended[id]) c.disabled = true;
    return this.#group = {
      c,
      id,
      rows: 0,
      latest: -Infinity,
      lead: 0,
      leadDate: NaN,
      sources: new Set(),
    };
  }

  #endGroup(): void {
    const g = this.#group;
    if (g) g.c.ended[g.id] = 1;
    this.#group = null;
  }

  /** A journal's user as a number, or -1 when it is not an item id. */
  #userNumber(user: string | null): number {
    if (user === this.#lastUser) return this.#lastUserNumber;
    const n = user !== null && /^\d{1,9}$/.test(user) ? Number(user) : -1;
    this.#lastUser = user ?? "";
    this.#lastUserNumber = user === null ? -1 : n;
    return n;
  }
}
