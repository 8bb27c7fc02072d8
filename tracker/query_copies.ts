/**
 * The user guide's rule for saved queries, whoever makes the change (the web, REST, `roundup
 * admin`): making a public query private later, or retiring it, does not take it from the users
 * who have it in their "Your Queries" list. Each of them gets a personal copy in its place, in
 * the same commit as the change.
 */
import {
  type AuditContext,
  type Db,
  TooLargeError,
  type Tx,
} from "../store/mod.ts";

/** Personal copies one change may make: each takes about 12 of a commit's 1,000 writes. */
export const MAX_COPIES = 75;

/** Registers the rule on the query class (when the schema has classic's query and user.queries). */
export function keepQueriesForTheirUsers(db: Db): void {
  const query = db.schema.classes.get("query");
  const lists = db.schema.classes.get("user")?.props.get("queries");
  if (!query?.props.has("private_for") || lists?.class !== "query") return;

  db.audit("query", "set", async function copyBeforePrivate(ctx) {
    if (!("private_for" in ctx.changes)) return;
    const next = (ctx.changes.private_for ?? null) as string | null;
    const before = (ctx.old?.private_for ?? null) as string | null;
    if (next === null || next === before) return;
    // Those who could see it before and no longer can: everybody for a public query.
    await copyForHolders(
      db,
      ctx,
      (uid) =>
        uid !== next && uid !== ctx.actor &&
        (before === null || uid === before),
    );
  });
  db.audit("query", "retire", async function copyBeforeRetire(ctx) {
    // A private query was only its owner's to use.
    if (ctx.old?.private_for) return;
    await copyForHolders(db, ctx, (uid) => uid !== ctx.actor);
  });
}

/** Gives each chosen user who has query `ctx.id` in their list a personal copy in its place. */
async function copyForHolders(
  db: Db,
  ctx: AuditContext,
  chosen: (userId: string) => boolean,
): Promise<void> {
  const id = ctx.id!;
  const q = ctx.old ?? {};
  const holders = await db.handleIn(ctx.tx, "user").find({ queries: id });
  const users = holders.filter(chosen);
  if (users.length > MAX_COPIES) {
    const what = ctx.action === "retire"
      ? `retire query${id}`
      : `make query${id} private`;
    throw new TooLargeError(
      `Cannot ${what}: ${users.length} other users have it in their lists, and one change can give at most ${MAX_COPIES} of them a personal copy; ask some of them to remove it from their lists first`,
    );
  }
  for (const uid of users) {
    const name = String(q.name ?? "");
    const taken = await hasQueryNamed(db, ctx.tx, { uid, name, besides: id });
    const w = { actor: uid };
    const copy = await ctx.tx.create("query", {
      klass: q.klass,
      name: taken ? `${name} (copy)` : name,
      url: q.url,
      private_for: uid,
    }, w);
    const rec = await ctx.tx.record("user", uid);
    const list = (rec?.values.queries ?? []) as string[];
    await ctx.tx.set("user", uid, {
      queries: list.map((x) => x === id ? copy : x),
    }, w);
  }
}

/** True when user `uid` made another query (not `besides`, the one copied) called `name`. */
async function hasQueryNamed(
  db: Db,
  tx: Tx,
  o: { uid: string; name: string; besides: string },
): Promise<boolean> {
  const queries = db.handleIn(tx, "query");
  for (const id of await queries.filter({ exact: { name: o.name } })) {
    if (id === o.besides) continue;
    if ((await tx.record("query", id))?.values.creator === o.uid) return true;
  }
  return false;
}
