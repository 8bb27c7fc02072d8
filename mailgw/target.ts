/**
 * Where a mail goes: the item it answers (its designator, the message it replies to, or an
 * item with the same title) and the values the subject sets on it.
 */
import type { ClassDef, Values } from "../store/mod.ts";
import { addInterval, parseInterval } from "../store/interval.ts";

import { type MailAddress, MailError, type ParsedMail } from "./parse.ts";
import type { ParsedSubject } from "./subject.ts";
import type { MailUserContext } from "./users.ts";
import {
  classArguments,
  parseAssignments,
  type PropsContext,
} from "./props.ts";
import { flag, setting } from "./settings.ts";

/** What the subject and headers say about the mail's destination. */
export interface MailTarget {
  cls: string;
  subject: ParsedSubject;
  sender: MailAddress;
  /** Message ids this mail answers, the most direct first (In-Reply-To, then References). */
  replyTo: string[];
}

/** Everything the steps of handling one mail share. */
export interface MailContext extends MailUserContext, PropsContext {
  def: ClassDef;
  mail: ParsedMail;
  target: MailTarget;
  byClass: Map<string, string[]>;
}

/** An item of the class that already holds a msg this mail replies to. */
async function threadedItem(
  c: MailContext,
): Promise<{ id?: string; ambiguous: boolean }> {
  const msgCls = c.def.props.get("messages")?.class;
  const msgDef = msgCls ? c.tracker.schema.classes.get(msgCls) : undefined;
  if (!msgDef?.props.has("messageid")) return { ambiguous: false };
  if (!c.target.replyTo.length) return { ambiguous: false };
  const msgs = c.tracker.db.handleIn(c.tx, msgDef.name);
  const items = c.tracker.db.handleIn(c.tx, c.def.name);
  // One pass over the msgs for all the ids; the most direct reply that is known decides.
  const known = new Map<string, string[]>();
  const wanted = [...new Set(c.target.replyTo)];
  for (const id of await msgs.filter({ exact: { messageid: wanted } })) {
    const mid = String((await c.tx.record(msgDef.name, id))?.values.messageid);
    if (wanted.includes(mid)) known.set(mid, [...(known.get(mid) ?? []), id]);
  }
  for (const mid of c.target.replyTo) {
    const found = known.get(mid);
    if (!found) continue;
    const holders = await items.filter({ filterspec: { messages: found } });
    if (holders.length === 1) return { id: holders[0], ambiguous: false };
    if (holders.length > 1) return { ambiguous: true };
  }
  return { ambiguous: false };
}

/**
 * The newest item (highest id, as Roundup's stringFind order gives it) whose title is the subject's
 * title, ignoring case as Roundup does, within subject_content_match. Retired items do not count.
 */
async function titleMatch(c: MailContext): Promise<string | undefined> {
  const mode = setting(c.tracker, "mailgw", "subject_content_match", "always")
    .trim();
  const title = c.target.subject.title;
  const h = c.tracker.db.handleIn(c.tx, c.def.name);
  const limit = /^(creation|activity)\s*\+?\s*(.*)$/.exec(mode);
  let threshold = -Infinity;
  if (limit) {
    const iv = parseInterval(limit[2] || "0d");
    threshold = addInterval(c.now, { ...iv, sign: iv.sign === 1 ? -1 : 1 });
  }
  let match: string | undefined;
  const found = (await h.filter({ exact: { title } })).sort((a, b) =>
    Number(a) - Number(b)
  );
  const wanted = title.toLowerCase();
  for (const id of found) {
    const rec = await c.tx.record(c.def.name, id);
    if (!rec || rec.retired) continue;
    if (String(rec.values.title ?? "").toLowerCase() !== wanted) continue;
    if (!limit || Number(rec.values[limit[1]!]) > threshold) match = id;
  }
  return match;
}

/** The id of the existing item the mail belongs to, or undefined for a new item. */
export async function findItem(c: MailContext): Promise<string | undefined> {
  const s = c.target.subject;
  const pfx = setting(c.tracker, "mailgw", "subject_prefix_parsing", "strict");
  let id = pfx === "none" ? undefined : s.nodeid;
  let reply = s.isReply;
  if (id === undefined && c.def.props.has("messages")) {
    const t = await threadedItem(c);
    id = t.id;
    if (t.ambiguous) reply = true;
  }
  if (id === undefined && !s.title) {
    throw new MailError(
      "Your message could not be matched to an item: give its designator in the subject " +
        `(such as "[issue123]") or keep the subject of the mail you are answering.\n\n` +
        `Your subject was: "${c.mail.subject}"`,
    );
  }
  const matching = setting(
    c.tracker,
    "mailgw",
    "subject_content_match",
    "always",
  );
  if (
    id === undefined && reply && matching !== "never" &&
    c.def.props.has("title")
  ) {
    id = await titleMatch(c);
  }
  if (id === undefined) return undefined;
  const rec = await c.tx.record(c.def.name, id);
  if (rec && !rec.retired) return id;
  if (pfx !== "strict") return undefined;
  throw new MailError(
    `There is no ${c.def.name}${id}, which the subject of your message names.\n\n` +
      `Your subject was: "${c.mail.subject}"`,
  );
}

/** The item's new values from the subject title, its [prop=value] suffix and -S settings. */
export async function itemProps(
  c: MailContext,
  nodeid: string | undefined,
): Promise<Values> {
  const s = c.target.subject;
  const args = await classArguments(c, c.byClass, c.def.name);
  let props: Values = {};
  // A designator naming a missing item (loose prefix parsing): the whole subject is the title.
  let title = s.nodeid !== undefined && nodeid === undefined
    ? c.mail.subject
    : s.title;
  if (s.props) {
    const mode = setting(
      c.tracker,
      "mailgw",
      "subject_suffix_parsing",
      "strict",
    );
    if (mode === "none") title += " " + s.propsWhole;
    else {
      const parsed = await parseAssignments(c, c.def, s.props, nodeid);
      if (parsed.errors.length && mode === "strict") {
        throw new MailError(
          `The properties at the end of your subject could not be used:\n- ${
            parsed.errors.join("\n- ")
          }\n\nYour subject was: "${c.mail.subject}"`,
        );
      }
      if (parsed.errors.length) title += " " + s.propsWhole;
      props = parsed.values;
    }
  }
  title = title.trim();
  const hasTitle = c.def.props.has("title");
  if (title && hasTitle && !("title" in args)) args.title = title;
  const updatesTitle = flag(c.tracker, "mailgw", "subject_updates_title", true);
  if (nodeid && hasTitle && !updatesTitle) {
    args.title = (await c.tx.record(c.def.name, nodeid))?.values.title ?? null;
  }
  for (const [k, v] of Object.entries(args)) if (!(k in props)) props[k] = v;
  return props;
}
