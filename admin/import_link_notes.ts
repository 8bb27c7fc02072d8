/**
 * The checking pass's side of import_links.ts: notes every journal row that bears on creation
 * links (create rows, link and unlink rows, set rows that remove links) and, once all journals
 * are read, settles which link rows may take their derived form. The result is plain data
 * (typed arrays, sets, strings), so the journals can be checked in a worker and the result
 * posted back.
 */
import {
  type JournalEntry,
  linkingProps,
  removedLinks,
  type Schema,
} from "../store/mod.ts";

/** Link row states. */
export const EXPLICIT = 0, CANDIDATE = 1, STAMPED = 2, VIA_UNLINK = 3;
/** Create row states (ClassLinkState.createKept). */
export const KEEPABLE = 1, KEPT = 2;

/** Columns of the link rows of all journals, numbered in file order. */
export interface LinkRowColumns {
  date: Float64Array;
  user: Int32Array;
  /** Number of the (class, prop) pair naming the row's source; -1 for none. */
  pair: Int16Array;
  /** Id of the item the row names (the source). */
  source: Int32Array;
  /** Id of the item whose journal has the row. */
  target: Int32Array;
  targetClass: Uint8Array;
  state: Uint8Array;
}

/** What the writing pass needs to know of one class's journal. */
export interface ClassLinkState {
  name: string;
  /** Number of its first link row. */
  firstLink: number;
  /**
   * By item id: how many link rows of its create row's date come before that row; 0 when it is
   * the item's first row, -1 when other rows come before it or a later row is dated earlier.
   */
  createLead: Int32Array;
  /** By item id: date and user (-1: not an item id) of its first create row (NaN: none). */
  createDate: Float64Array;
  createUser: Int32Array;
  /**
   * By item id: KEEPABLE when its create row may be kept in its record (see #keepable); KEPT
   * once the writing pass has put it there, so the journal reader leaves the row out.
   */
  createKept: Uint8Array;
  /** Candidate link rows naming each item of this class as their source: rows[start[id]..start[id+1]]. */
  bySource?: { start: Int32Array; rows: Int32Array };
}

/** The settled notes of all journals. */
export interface LinkState {
  names: string[];
  pairs: Array<[string, string]>;
  rows: LinkRowColumns;
  classes: ClassLinkState[];
  /** Links "set" rows show removed: "class\0id\0prop\0target". */
  removed: Set<string>;
  /** "unlink" rows: "targetClass\0targetId\0class\0id\0prop". */
  unlinked: Set<string>;
}

/** One class while its journal is read. */
interface ClassNotes {
  name: string;
  index: number;
  /** Rows of one item not next to each other: no derived forms into or out of this class. */
  disabled: boolean;
  /** The first create row of each item: date (NaN: none) and user (-1: not an item id). */
  createDate: Float64Array;
  createUser: Int32Array;
  /** By item id: 1 when its first create row has empty params. */
  createPlain: Uint8Array;
  /** As ClassLinkState.createLead; and the number of the first link row after the create row. */
  createLead: Int32Array;
  createLinkEnd: Int32Array;
  /** Items whose rows have ended: a later row of theirs means the file is not grouped by item. */
  ended: Uint8Array;
  firstLink: number;
  /** Journalled link properties into this class: class → prop → pair number. */
  pairs: Map<string, Map<string, number>>;
}

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

export const key = (...parts: Array<string | number>): string =>
  parts.join("\0");

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

/** Whether a create row's params are `{}`, as every create row Roundup writes has. */
function isEmptyParams(params: unknown): boolean {
  if (!params || typeof params !== "object" || Array.isArray(params)) {
    return false;
  }
  for (const _ in params) return false;
  return true;
}

type Column = Float64Array | Int32Array | Int16Array | Uint8Array;

/** A copy of `a` with `size` elements, the new ones set to `fill`. */
function enlarged<T extends Column>(a: T, size: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.fill(fill, a.length);
  b.set(a);
  return b;
}

/** Makes room for item `id` in a class's arrays. */
function grow(c: ClassNotes, id: number): void {
  const size = c.createDate.length;
  if (id < size) return;
  const next = Math.max(id + 1, size * 2, 1024);
  c.createDate = enlarged(c.createDate, next, NaN);
  c.createUser = enlarged(c.createUser, next, -1);
  c.createPlain = enlarged(c.createPlain, next);
  c.createLead = enlarged(c.createLead, next, -1);
  c.createLinkEnd = enlarged(c.createLinkEnd, next);
  c.ended = enlarged(c.ended, next);
}

/** Link row columns that grow as rows are added. */
class GrowingRows {
  n = 0;
  cols: LinkRowColumns = {
    date: new Float64Array(1024),
    user: new Int32Array(1024),
    pair: new Int16Array(1024),
    source: new Int32Array(1024),
    target: new Int32Array(1024),
    targetClass: new Uint8Array(1024),
    state: new Uint8Array(1024),
  };

  add(): number {
    if (this.n === this.cols.date.length) {
      const c = this.cols;
      const size = this.n * 2;
      this.cols = {
        date: enlarged(c.date, size),
        user: enlarged(c.user, size),
        pair: enlarged(c.pair, size),
        source: enlarged(c.source, size),
        target: enlarged(c.target, size),
        targetClass: enlarged(c.targetClass, size),
        state: enlarged(c.state, size),
      };
    }
    return this.n++;
  }

  /** The columns cut to the rows added. */
  columns(): LinkRowColumns {
    const c = this.cols;
    return {
      date: c.date.slice(0, this.n),
      user: c.user.slice(0, this.n),
      pair: c.pair.slice(0, this.n),
      source: c.source.slice(0, this.n),
      target: c.target.slice(0, this.n),
      targetClass: c.targetClass.slice(0, this.n),
      state: c.state.slice(0, this.n),
    };
  }
}
