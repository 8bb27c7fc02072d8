/**
 * A password change ends the user's web sessions, whoever makes it (the web, REST, `roundup
 * admin`, the mail gateway): a stolen session cookie stops working. Retiring a user ends them
 * too. The sessions end in the commit of the change; the web page that changed its own user's
 * password starts a fresh session for itself afterwards.
 */
import { type AuditContext, type Db, SessionStore } from "../store/mod.ts";

/** Registers the rule on the user class (when it has a password). */
export function endSessionsOnPasswordChange(db: Db): void {
  if (
    db.schema.classes.get("user")?.props.get("password")?.type !== "Password"
  ) {
    return;
  }
  const sessions = new SessionStore(db.kv, db.core.now);

  async function endInCommit(ctx: AuditContext): Promise<void> {
    if (ctx.id === null) return;
    if (ctx.action === "set") {
      if (!("password" in ctx.changes)) return;
      if (ctx.changes.password === ctx.old?.password) return;
    }
    await sessions.endAllIn(ctx.tx, ctx.id);
  }
  db.audit("user", "set", endInCommit);
  db.audit("user", "retire", endInCommit);
  // Sessions beyond one commit's share, or started while the change was being written.
  db.react("user", "set", async function endTheRest(ev) {
    if ("password" in ev.changes) await sessions.endAllOf(ev.id);
  });
  db.react("user", "retire", async function endTheRest(ev) {
    await sessions.endAllOf(ev.id);
  });
}
