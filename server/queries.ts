/**
 * Saved queries (the classic `query` class) with the user guide's rules: one query per name per
 * user, and saving under an existing name replaces it; saving an edit of somebody else's public
 * query makes a personal copy. Making a query private later, or deleting it, does not take it
 * from the users who already have it in their "Your Queries" list: tracker/query_copies.ts gives
 * them a personal copy in the commit of that change, whoever makes it.
 */
import type { Tx } from "../store/mod.ts";
import type { Tracker } from "../tracker/home.ts";
import type { Actor } from "./actor.ts";

/** One saved query as the menu links it. */
export interface SavedQuery {
  id: string;
  name: string;
  /** Path below the tracker: "issue?@columns=…&@dispname=name". */
  path: string;
}

/** What the search form asks to save. */
export interface QueryToSave {
  klass: string;
  name: string;
  url: string;
  private: boolean;
  /** The query the form was opened from (`/query12`), when it was. */
  from?: string;
  /** Roundup's `@old-queryname`: the name of the user's query being edited (renamed). */
  oldName?: string;
}

/** The user's live query named `name`, or null. */
async function ownQueryNamed(
  t: Tracker,
  userId: string,
  name: string,
): Promise<string | null> {
  const queries = t.db.cls("query");
  for (const id of await queries.filter({ exact: { name } })) {
    if ((await queries.get(id, "creator")) === userId) return id;
  }
  return null;
}

async function listOf(tx: Tx, userId: string): Promise<string[]> {
  return ((await tx.record("user", userId))?.values.queries ?? []) as string[];
}

/** Saves (or replaces) the user's query `q.name` for `q.klass`; returns its id. */
export async function saveQuery(
  t: Tracker,
  actor: Actor,
  q: QueryToSave,
): Promise<string> {
  const uid = actor.userId;
  if (!q.from && q.oldName && q.oldName !== q.name) {
    q = { ...q, from: (await ownQueryNamed(t, uid, q.oldName)) ?? undefined };
  }
  const from = q.from ? await t.db.cls("query").record(q.from) : null;
  const fromOwn = from && !from.retired && from.values.creator === uid
    ? q.from!
    : null;
  // Saving under an existing name replaces that query; else the edited own query is renamed.
  const existing = (await ownQueryNamed(t, uid, q.name)) ?? fromOwn;
  const values = {
    klass: q.klass,
    name: q.name,
    url: q.url,
    private_for: q.private ? uid : null,
  };
  if (existing) {
    await actor.require("Edit", "query", { itemId: existing });
  } else await actor.require("Create", "query");
  return await t.db.transact(async (tx) => {
    const w = { actor: uid };
    let id = existing;
    if (id) await tx.set("query", id, values, w);
    else id = await tx.create("query", values, w);
    // A personal copy takes the place of the public query it was made from.
    const list = (await listOf(tx, uid)).map((x) =>
      x === q.from && x !== fromOwn ? id : x
    );
    const next = [...new Set([...list, id])];
    await tx.set("user", uid, { queries: next }, w);
    return id;
  }, { actor: uid });
}

/** Changes from the "Your Queries" edit page. */
export interface QueryListChange {
  /** Queries shown on the page; of these, only `include` stay in (or join) the list. */
  shown: string[];
  include: string[];
  /** Own queries to mark private (true) or public (false). */
  privacy: Record<string, boolean>;
  /** Own queries to delete (retire). */
  remove: string[];
}

/** Applies the edit page's choices: list membership, privacy and deletion, per the guide's rules. */
export async function updateQueryList(
  t: Tracker,
  actor: Actor,
  ch: QueryListChange,
): Promise<void> {
  const uid = actor.userId;
  const queries = t.db.cls("query");
  for (const id of ch.remove) {
    await actor.require("Retire", "query", { itemId: id });
  }
  const flips: [string, boolean][] = [];
  for (const [id, priv] of Object.entries(ch.privacy)) {
    if (ch.remove.includes(id)) continue;
    const now = (await queries.get(id, "private_for")) === uid;
    if (now === priv) continue;
    await actor.require("Edit", "query", { itemId: id });
    flips.push([id, priv]);
  }
  await actor.require("Edit", "user", { property: "queries", itemId: uid });
  const shown = new Set(ch.shown);
  const include = new Set(ch.include.filter((id) => !ch.remove.includes(id)));
  await t.db.transact(async (tx) => {
    const w = { actor: uid };
    for (const id of ch.remove) await tx.retire("query", id, w);
    for (const [id, priv] of flips) {
      await tx.set("query", id, { private_for: priv ? uid : null }, w);
    }
    const before = await listOf(tx, uid);
    const kept = before.filter((id) =>
      !ch.remove.includes(id) && (!shown.has(id) || include.has(id))
    );
    const added = [...include].filter((id) => !before.includes(id));
    await tx.set("user", uid, { queries: [...kept, ...added] }, w);
  }, { actor: uid });
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
