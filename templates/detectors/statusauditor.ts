/**
 * statusauditor: a new issue without a status becomes "unread"; a new message on an issue that
 * is unread, resolved, done-cbb or has no status moves it to "chatting".
 */
import type { AuditContext, Db } from "../../store/mod.ts";
import { type DetectorConfig, detectorFlag } from "./_detector_config.ts";

function sameIds(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    JSON.stringify([...(v as string[] ?? [])].sort());
  return norm(a) === norm(b);
}

/** Registers the two issue auditors. */
export function init(db: Db, cfg: DetectorConfig): void {
  // With this set, the creator adding messages to an unread issue keeps it unread.
  const requiresTwoUsers = detectorFlag(
    cfg,
    "statusauditor",
    "chatting_requires_two_users",
  );

  db.audit("issue", "set", async function chatty(ctx: AuditContext) {
    if (!("messages" in ctx.changes)) return;
    if (sameIds(ctx.changes.messages, ctx.old?.messages)) return;
    const chatting = await ctx.tx.keyOwner("status", "chatting");
    if (chatting === null || "status" in ctx.changes) return;
    const current = (ctx.old?.status ?? null) as string | null;
    const fromStates: string[] = [];
    for (const name of ["unread", "resolved", "done-cbb"]) {
      const id = await ctx.tx.keyOwner("status", name);
      if (id !== null) fromStates.push(id);
    }
    const unread = await ctx.tx.keyOwner("status", "unread");
    if (
      requiresTwoUsers && current !== null && current === unread &&
      ctx.old?.creator === ctx.actor
    ) {
      return;
    }
    if (current === null || fromStates.includes(current)) {
      ctx.changes.status = chatting;
    }
  });

  db.audit("issue", "create", async function presetUnread(ctx: AuditContext) {
    if (ctx.changes.status) return;
    const unread = await ctx.tx.keyOwner("status", "unread");
    if (unread !== null) ctx.changes.status = unread;
  });
}
