/**
 * The data the import of an export shares between its checking pass (link_notes.ts, possibly in a
 * worker) and its writing pass (creation_links.ts): the columns of every journal "link" row, the
 * state of each class's create rows, and what is settled about which rows are derived. All of it
 * is plain data (typed arrays, sets, strings), so it can be posted between workers. Also the
 * per-class arrays LinkNotes fills while it reads.
 */
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

/** A set key made of several parts. */
export const key = (...parts: Array<string | number>): string =>
  parts.join("\0");

type Column = Float64Array | Int32Array | Int16Array | Uint8Array;

/** A copy of `a` with `size` elements, the new ones set to `fill`. */
export function enlarged<T extends Column>(a: T, size: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.fill(fill, a.length);
  b.set(a);
  return b;
}

/** Link row columns that grow as rows are added. */
export class GrowingRows {
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

/** One class while its journal is read. */
export interface ClassNotes {
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

/** Whether a create row's params are `{}`, as every create row Roundup writes has. */
export function isEmptyParams(params: unknown): boolean {
  if (!params || typeof params !== "object" || Array.isArray(params)) {
    return false;
  }
  for (const _ in params) return false;
  return true;
}

/** Makes room for item `id` in a class's arrays. */
export function grow(c: ClassNotes, id: number): void {
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
