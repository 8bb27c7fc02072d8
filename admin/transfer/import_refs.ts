/**
 * What the checking pass of import remembers about references: the ids of each class in the
 * export, ids referenced before (or without) being seen, and the keys of classes with a key;
 * and the checks of those against the tracker once the whole export has been read.
 */
import { type Db, KeyInUseError, NotFoundError } from "../../store/mod.ts";

const LOOKUPS_AT_ONCE = 64;

/** Where something was referenced: "issue.csv line 7: property "status"". */
type Refs = Map<string, Map<number, string>>;

/** The ids, references and keys of an export being checked. */
export class ImportRefs {
  ids = new Map<string, Set<number>>();
  needed: Refs = new Map();
  /** Per class with a key: export id -> [live key or null, where]. */
  keyed = new Map<string, Map<string, [string | null, string]>>();

  /** Notes a reference to `cls` item `id` not seen yet; `where()` describes the referrer. */
  need(cls: string, id: string, where: () => string): void {
    const n = Number(id);
    if (this.ids.get(cls)?.has(n)) return;
    let m = this.needed.get(cls);
    if (!m) this.needed.set(cls, m = new Map());
    if (!m.has(n)) m.set(n, where());
  }

  /** Checks references and keys against the tracker; throws naming file and line. */
  async checkAgainst(db: Db): Promise<void> {
    await checkNeeded(this, db);
    await checkKeys(this, db);
  }
}

/** Ids referenced but not in the export must already be in the tracker. */
async function checkNeeded(c: ImportRefs, db: Db): Promise<void> {
  for (const [cls, refs] of c.needed) {
    const h = db.cls(cls);
    const ids = c.ids.get(cls);
    const missing = [...refs.keys()].filter((n) => !ids?.has(n));
    for (let i = 0; i < missing.length; i += LOOKUPS_AT_ONCE) {
      const chunk = missing.slice(i, i + LOOKUPS_AT_ONCE);
      const found = await Promise.all(chunk.map((n) => h.exists(String(n))));
      const bad = chunk.findIndex((_, j) => !found[j]);
      if (bad >= 0) {
        throw new NotFoundError(
          `${refs.get(chunk[bad]!)}: ${cls}${chunk[bad]} does not exist`,
        );
      }
    }
  }
}

/** Keys must not clash with items of the tracker the export does not replace. */
async function checkKeys(c: ImportRefs, db: Db): Promise<void> {
  for (const [cls, items] of c.keyed) {
    const h = db.cls(cls);
    const key = h.def.key!;
    const entries = [...items];
    for (let i = 0; i < entries.length; i += LOOKUPS_AT_ONCE) {
      const chunk = entries.slice(i, i + LOOKUPS_AT_ONCE);
      const owners = await Promise.all(
        chunk.map(([, [k]]) =>
          k === null ? null : h.lookup(k).catch(() => null)
        ),
      );
      const olds = await Promise.all(chunk.map(([id]) => h.record(id)));
      for (const [j, [id, [k, where]]] of chunk.entries()) {
        const owner = owners[j];
        if (owner && owner !== id) {
          throw new KeyInUseError(
            `${where}: ${key} "${k}" is already used by ${cls}${owner} in the tracker`,
          );
        }
        const old = olds[j];
        const oldKey = old && !old.retired ? old.values[key] : null;
        if (old && !old.retired && oldKey !== k) {
          throw new KeyInUseError(
            `${where}: ${cls}${id} is already in the tracker with ${key} "${oldKey}"; import replaces an item only when its ${key} stays the same`,
          );
        }
      }
    }
  }
}
