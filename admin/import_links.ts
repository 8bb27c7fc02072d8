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
 * The checking pass shows every journal row (note); settle() decides once all are read; the
 * writing pass asks for the stamps of each item (stampsOf) before any journal is written, then
 * reads the journals through journalReader(), which leaves out the derived rows. Link rows are
 * numbered per class in file order and kept in typed arrays, about 30 bytes a row.
 */
import {
  type ClassDef,
  type Db,
  type ItemRecord,
  type JournalEntry,
  linkingProps,
  type LinkStamp,
  removedLinks,
} from "../store/mod.ts";
import { importJournal } from "./export_journal.ts";

/** Link row states. */
const EXPLICIT = 0, CANDIDATE = 1, STAMPED = 2, VIA_UNLINK = 3;

/** What is known of one class's journal. */
interface ClassLinks {
  name: string;
  /** Its number in the order given to the constructor. */
  index: number;
  maxId: number;
  /** Rows of one item not next to each other: no derived forms into or out of this class. */
  disabled: boolean;
  /** The first "create" row of each item: date (NaN: none) and user (-1: not an id). */
  createDate: Float64Array;
  createUser: Int32Array;
  /** 1 when that create row is the item's first row, and no later row has an earlier date. */
  createFirst: Uint8Array;
  /** Items whose rows have ended (a later row of theirs means the file is not grouped). */
  ended: Uint8Array;
  /** Number of this class's first link row. */
  firstLink: number;
  /** The link rows naming each item of this class as their source, by item id (after settle). */
  bySource?: { start: Int32Array; rows: Int32Array };
  /** "class\0prop" of the journalled link properties into this class → pair number. */
  pairs: Map<string, number>;
}

/** Growable typed columns of link rows. */
class LinkRows {
  n = 0;
  date = new Float64Array(1024);
  user = new Int32Array(1024);
  pair = new Int16Array(1024);
  source = new Int32Array(1024);
  target = new Int32Array(1024);
  targetClass = new Uint8Array(1024);
  state = new Uint8Array(1024);

  add(): number {
    if (this.n === this.date.length) {
      const grow = <
        T extends Float64Array | Int32Array | Int16Array | Uint8Array,
      >(
        a: T,
      ): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.date = grow(this.date);
      this.user = grow(this.user);
      this.pair = grow(this.pair);
      this.source = grow(this.source);
      this.target = grow(this.target);
      this.targetClass = grow(this.targetClass);
      this.state = grow(this.state);
    }
    return this.n++;
  }
}

/** The item whose rows the checking pass is reading. */
interface Group {
  c: ClassLinks;
  id: number;
  rows: number;
  /** Latest date of its rows that stay rows whatever happens (all but link rows). */
  latest: number;
  /** Sources (pair, id) of its candidate link rows. */
  sources: Set<number>;
}

const key = (...parts: Array<string | number>) => parts.join("\0");

/** Creation links of one import; see the module notes. */
export class CreationLinks {
  #classes = new Map<string, ClassLinks>();
  #names: string[] = [];
  /** Pair number → [class, prop] of a journalled link property. */
  #pairs: Array<[string, string]> = [];
  #rows = new LinkRows();
  /** Links that "set" rows show removed: class, id, prop, target. */
  #removed = new Set<string>();
  /** "unlink" rows: target class, target id, class, id, prop. */
  #unlinked = new Set<string>();
  #group: Group | null = null;

  /** For the classes of an export (highest id of each), in the order their journals are read. */
  constructor(db: Db, classes: Array<{ name: string; maxId: number }>) {
    for (const { name, maxId } of classes) {
      const pairs = new Map<string, number>();
      for (const [c, p] of linkingProps(db.core, name)) {
        pairs.set(key(c, p), this.#pairs.push([c, p]) - 1);
      }
      const size = maxId + 1;
      this.#classes.set(name, {
        name,
        index: this.#names.length,
        maxId,
        disabled: false,
        createDate: new Float64Array(size).fill(NaN),
        createUser: new Int32Array(size).fill(-1),
        createFirst: new Uint8Array(size),
        ended: new Uint8Array(size),
        firstLink: 0,
        pairs,
      });
      this.#names.push(name);
    }
  }

  /** Checking pass: called before the rows of `cls`'s journal. */
  startJournal(cls: string): void {
    this.#endGroup();
    this.#classes.get(cls)!.firstLink = this.#rows.n;
  }

  /** Checking pass: one decoded journal row of item `id` of `cls`, in file order. */
  note(cls: string, id: string, e: JournalEntry): void {
    const g = this.#groupOf(cls, Number(id));
    const { c } = g;
    const n = g.id;
    const first = g.rows++ === 0;
    if (n <= c.maxId && e.date < c.createDate[n]!) c.createFirst[n] = 0;
    switch (e.action) {
      case "link":
        this.#link(g, e);
        return;
      case "create":
        if (n <= c.maxId && Number.isNaN(c.createDate[n])) {
          c.createDate[n] = e.date;
          c.createUser[n] = userNumber(e.user);
          c.createFirst[n] = first ? 1 : 0;
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

  /** After the checking pass: which link rows may be derived, grouped by their source item. */
  settle(): void {
    this.#endGroup();
    const rows = this.#rows;
    const counts = new Map<string, Int32Array>();
    const sourceOf = (k: number) => {
      const [cls] = this.#pairs[rows.pair[k]!]!;
      return this.#classes.get(cls);
    };
    for (let k = 0; k < rows.n; k++) {
      if (rows.state[k] !== CANDIDATE) continue;
      const a = sourceOf(k);
      const target = this.#classes.get(this.#names[rows.targetClass[k]!]!)!;
      const aid = rows.source[k]!;
      if (
        !a || a.disabled || target.disabled || aid > a.maxId ||
        a.createDate[aid] !== rows.date[k] || a.createUser[aid] !== rows.user[k]
      ) {
        rows.state[k] = EXPLICIT;
        continue;
      }
      let cnt = counts.get(a.name);
      if (!cnt) counts.set(a.name, cnt = new Int32Array(a.maxId + 2));
      cnt[aid + 1]!++;
    }
    for (const [name, cnt] of counts) {
      for (let i = 1; i < cnt.length; i++) cnt[i]! += cnt[i - 1]!;
      const start = cnt.slice();
      const fill = cnt.slice();
      const list = new Int32Array(cnt[cnt.length - 1]!);
      this.#classes.get(name)!.bySource = { start, rows: list };
      for (let k = 0; k < rows.n; k++) {
        if (rows.state[k] !== CANDIDATE) continue;
        const a = sourceOf(k)!;
        if (a.name !== name) continue;
        list[fill[rows.source[k]!]!++] = k;
      }
    }
  }

  /**
   * Writing pass: the stamps for the index entries of an item about to be written ("prop:target"
   * → [date, user]); decides which of the link rows naming it are derived.
   */
  stampsOf(cls: string, rec: ItemRecord): Map<string, LinkStamp> | undefined {
    const by = this.#classes.get(cls)?.bySource;
    const aid = Number(rec.id);
    if (!by || aid + 1 >= by.start.length) return undefined;
    const rows = this.#rows;
    const a = this.#classes.get(cls)!;
    let stamps: Map<string, LinkStamp> | undefined;
    for (let i = by.start[aid]!; i < by.start[aid + 1]!; i++) {
      const k = by.rows[i]!;
      const p = this.#pairs[rows.pair[k]!]![1];
      const b = String(rows.target[k]);
      const v = rec.values[p];
      const linked = Array.isArray(v) ? v.includes(b) : v === b;
      const removed = this.#removed.size > 0 &&
        this.#removed.has(key(cls, aid, p, b));
      if (linked && !removed) {
        rows.state[k] = STAMPED;
        (stamps ??= new Map()).set(`${p}:${b}`, [
          rows.date[k]!,
          String(rows.user[k]),
        ]);
      } else {
        const target = this.#names[rows.targetClass[k]!]!;
        rows.state[k] = this.#unlinked.has(key(target, b, cls, aid, p)) &&
            a.createFirst[aid] === 1
          ? VIA_UNLINK
          : CANDIDATE;
      }
    }
    return stamps;
  }

  /**
   * Writing pass, after every item: decodes `def`'s journal rows in file order, null for a row
   * left to the index; create rows carry the links their item was created with.
   */
  journalReader(
    def: ClassDef,
  ): (fields: string[]) => { id: string; entry: JournalEntry } | null {
    const c = this.#classes.get(def.name);
    let k = c?.firstLink ?? 0;
    let current = "";
    let created = false;
    return (fields) => {
      // A link row is counted before it is decoded: most are left out undecoded.
      const quickLink = fields[3] === "'link'";
      if (quickLink && this.#derived(k++)) return null;
      const e = importJournal(def, fields);
      if (e.id !== current) {
        current = e.id;
        created = false;
      }
      const { action } = e.entry;
      if (action === "link" && !quickLink && this.#derived(k++)) return null;
      if (action === "create" && !created) {
        created = true;
        const links = c && this.#linksOf(c, Number(e.id));
        if (links) e.entry.links = links;
      }
      return e;
    };
  }

  #derived(k: number): boolean {
    return this.#rows.state[k]! >= STAMPED;
  }

  /** The derived links of item `aid`, for its create row. */
  #linksOf(
    c: ClassLinks,
    aid: number,
  ): Record<string, string[]> | undefined {
    const by = c.bySource;
    if (!by || aid + 1 >= by.start.length) return undefined;
    const rows = this.#rows;
    let out: Record<string, string[]> | undefined;
    for (let i = by.start[aid]!; i < by.start[aid + 1]!; i++) {
      const k = by.rows[i]!;
      if (rows.state[k]! < STAMPED) continue;
      const p = this.#pairs[rows.pair[k]!]![1];
      ((out ??= {})[p] ??= []).push(String(rows.target[k]));
    }
    return out;
  }

  #link(g: Group, e: JournalEntry): void {
    const rows = this.#rows;
    const k = rows.add();
    const [a, aid, p] = e.params as [string, string, string];
    const pair = g.c.pairs.get(key(a, p));
    const user = userNumber(e.user);
    let state = pair !== undefined && user >= 0 && e.date > g.latest &&
        g.id <= g.c.maxId && /^\d{1,9}$/.test(aid)
      ? CANDIDATE
      : EXPLICIT;
    if (state === CANDIDATE) {
      // Only the first row naming the same (class, id, prop) may be derived.
      const src = pair! * 1e9 + Number(aid);
      if (g.sources.has(src)) state = EXPLICIT;
      g.sources.add(src);
    }
    rows.state[k] = state;
    rows.date[k] = e.date;
    rows.user[k] = user;
    rows.pair[k] = pair ?? -1;
    rows.source[k] = Number(aid);
    rows.target[k] = g.id;
    rows.targetClass[k] = g.c.index;
  }

  #groupOf(cls: string, id: number): Group {
    const g = this.#group;
    if (g && g.c.name === cls && g.id === id) return g;
    this.#endGroup();
    const c = this.#classes.get(cls)!;
    if (id > c.maxId || c.ended[id]) c.disabled = true;
    return this.#group = {
      c,
      id,
      rows: 0,
      latest: -Infinity,
      sources: new Set(),
    };
  }

  #endGroup(): void {
    const g = this.#group;
    if (g && g.id <= g.c.maxId) g.c.ended[g.id] = 1;
    this.#group = null;
  }
}

/** A journal's user as a number, or -1 when it is not an item id. */
function userNumber(user: string | null): number {
  return user !== null && /^\d{1,9}$/.test(user) ? Number(user) : -1;
}
