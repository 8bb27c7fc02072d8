/**
 * Saved queries (the classic `query` class): saving a search under a name for the user, as the
 * user guide says (one query per name per user; saving under an existing name replaces it), and
 * the user's queries for the menu.
 */
import type { Tracker } from "../tracker/home.ts";
import type { Actor } from "./actor.ts";

/** One saved query as the menu links it. */
export interface SavedQuery {
  id: string;
  name: string;
  /** Path below the tracker: "issue?@columns=…&@dispname=name". */
  path: string;
}

/** Saves (or replaces) the user's query `name` for `klass` with `url`; returns its id. */
export async function saveQuery(
  t: Tracker,
  actor: Actor,
  q: { klass: string; name: string; url: string; private: boolean },
): Promise<string> {
  const queries = t.db.cls("query");
  const own = await queries.filter({ exact: { name: q.name, klass: q.klass } });
  let existing: string | null = null;
  for (const id of own) {
    if ((await queries.get(id, "creator")) === actor.userId) existing = id;
  }
  const values = {
    klass: q.klass,
    name: q.name,
    url: q.url,
    private_for: q.private ? actor.userId : null,
  };
  return await t.db.transact(async (tx) => {
    const w = { actor: actor.userId };
    if (existing) {
      await actor.require("Edit", "query", { itemId: existing });
      await tx.set("query", existing, values, w);
      return existing;
    }
    await actor.require("Create", "query");
    const id = await tx.create("query", values, w);
    const mine = ((await tx.record("user", actor.userId))?.values.queries ??
      []) as string[];
    await tx.set("user", actor.userId, { queries: [...mine, id] }, w);
    return id;
  }, { actor: actor.userId });
}

/** The queries in the user's "queries" list that they may still see. */
export async function queriesOf(
  t: Tracker,
  actor: Actor,
): Promise<SavedQuery[]> {
  if (actor.anonymous || !t.schema.classes.has("query")) return [];
  const rec = await t.db.cls("user").record(actor.userId);
  const ids = (rec?.values.queries ?? []) as string[];
  const out: SavedQuery[] = [];
  for (const id of ids) {
    const q = await t.db.cls("query").record(id);
    if (
      !q || q.retired || !(await actor.may("View", "query", { itemId: id }))
    ) continue;
    const name = String(q.values.name ?? "");
    const p = new URLSearchParams(String(q.values.url ?? ""));
    p.set("@dispname", name);
    out.push({ id, name, path: `${q.values.klass}?${p}` });
  }
  return out;
}
