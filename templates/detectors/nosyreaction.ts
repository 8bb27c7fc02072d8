/**
 * nosyreaction: keeps an issue's nosy list up to date (the assignee, and the authors and
 * recipients of new messages as `[nosy] add_author` and `add_recipients` say) and hands every
 * new message to the nosy mail sender.
 */
import type { AuditContext, ChangeEvent, Db } from "../../store/mod.ts";
import { type DetectorConfig, setting } from "./_detector_config.ts";

function ids(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return v == null ? [] : [String(v)];
}

/** Ids in `now` that `before` lacked (all of `now` when there is no before). */
export function newMessages(
  now: unknown,
  before: unknown | undefined,
): string[] {
  const old = new Set(ids(before));
  return ids(now).filter((id) => !old.has(id));
}

/** Registers the nosy auditors (create, set) and the reactors that send new messages. */
export function init(db: Db, cfg: DetectorConfig): void {
  const addAuthor = setting(cfg, "nosy", "add_author", "new").toLowerCase();
  const addRecipients = setting(cfg, "nosy", "add_recipients", "new")
    .toLowerCase();

  async function updateNosy(ctx: AuditContext): Promise<void> {
    const c = ctx.changes;
    const creating = ctx.id === null;
    // "new" adds only on the change that creates the issue; "yes" always does.
    const ok = creating ? ["new", "yes"] : ["yes"];
    const current = new Set<string>();
    if (!creating && !("nosy" in c)) {
      for (const id of ids(ctx.old?.nosy)) current.add(id);
    }
    if ("nosy" in c) {
      for (const id of ids(c.nosy)) {
        if (await ctx.tx.record("user", id)) current.add(id);
      }
    }
    const next = new Set(current);
    if ("assignedto" in c) { for (const id of ids(c.assignedto)) next.add(id); }
    if ("messages" in c) {
      const added = creating
        ? ids(c.messages)
        : newMessages(c.messages, ctx.old?.messages);
      for (const msgId of added) {
        const msg = await ctx.tx.record("msg", msgId);
        if (!msg) continue;
        if (ok.includes(addAuthor)) {
          for (const id of ids(msg.values.author)) next.add(id);
        }
        if (ok.includes(addRecipients)) {
          for (const id of ids(msg.values.recipients)) next.add(id);
        }
      }
    }
    if (next.size !== current.size) c.nosy = [...next];
  }

  async function nosyReaction(ev: ChangeEvent & { db: Db }): Promise<void> {
    if (!cfg.sendNosy) return;
    const added = ev.old === null
      ? ids(ev.new.messages)
      : newMessages(ev.new.messages, ev.old.messages);
    for (const messageId of added) {
      await cfg.sendNosy({ ...ev, messageId });
    }
  }

  db.audit("issue", "create", updateNosy);
  db.audit("issue", "set", updateNosy);
  db.react("issue", "create", nosyReaction);
  db.react("issue", "set", nosyReaction);
}
