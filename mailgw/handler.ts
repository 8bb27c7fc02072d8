/**
 * Handling one incoming mail the way Roundup's mail gateway does: loops and robots are dropped,
 * the subject says which item (or class) the mail is about, the sender becomes the author, and
 * the msg, its files and the item change are written in one transaction.
 */
import type { Tx } from "../store/mod.ts";
import type { Tracker } from "../tracker/home.ts";
import {
  headerOf,
  MailError,
  messageIds,
  type ParsedMail,
  parseMail,
} from "./parse.ts";
import { type ParsedSubject, parseSubject } from "./subject.ts";
import { type SetField } from "./props.ts";
import { applyMailIn, commitMail, type MailTarget } from "./apply.ts";
import { helpText } from "./help.ts";
import { flag, setting } from "./settings.ts";
import { confirmRegistrationByMail } from "./rego_confirm.ts";
import type { Mailer } from "../tracker/mailer.ts";

export { MailError } from "./parse.ts";
export type { SetField } from "./props.ts";

/** Options of handleMail(); `defaultClass` is -c, `setFields` are the -S settings. */
export interface HandleOptions {
  defaultClass?: string;
  setFields?: SetField[];
  now?: () => number;
  /** Sends the "registration complete" answer to a confirming reply. */
  mailer?: Mailer;
}

/** What became of a mail. Failures are thrown as MailError instead. */
export interface HandleResult {
  status: "created" | "updated" | "dropped";
  /** The item created or updated ("issue12"). */
  designator?: string;
  /** The msg created (none for an empty body). */
  msgId?: string;
  /** Why a mail was dropped. */
  reason?: string;
}

const AUTOREPLY_SUBJECT =
  /^\s*(automatic reply|out of office( autoreply)?)\s*:/i;

/**
 * Why a mail must be dropped without an answer, or null: our own mail coming back
 * (X-Roundup-Loop), bulk and list mail (Precedence: bulk, junk or list), anything
 * auto-submitted (RFC 3834) and out-of-office replies.
 */
export function ignoreReason(mail: ParsedMail): string | null {
  if (headerOf(mail, "x-roundup-loop")) return "mail loop (X-Roundup-Loop)";
  const precedence = headerOf(mail, "precedence").trim().toLowerCase();
  if (["bulk", "junk", "list"].includes(precedence)) {
    return `bulk mail (Precedence: ${precedence})`;
  }
  const auto = (headerOf(mail, "auto-submitted") || "no").trimEnd()
    .toLowerCase();
  if (auto !== "no") return `automatic mail (Auto-Submitted: ${auto})`;
  for (const h of ["x-autoreply", "x-autorespond"]) {
    if (mail.headers.has(h)) return `automatic reply (${h})`;
  }
  if (
    mail.subject.toLowerCase().indexOf("autoreply") > 0 ||
    AUTOREPLY_SUBJECT.test(mail.subject)
  ) {
    return "automatic reply (subject)";
  }
  return null;
}

/** The address a failure notice goes to: Resent-From, unless keep_real_from, else From. */
export function senderOf(mail: ParsedMail, keepRealFrom: boolean) {
  if (!keepRealFrom && mail.resentFrom.length) return mail.resentFrom[0]!;
  return mail.from[0] ?? null;
}

function badSubject(subject: string): string {
  return `The subject of your message does not say what it is about. Start it with a class ` +
    `name in brackets to create an item, or with a designator to add to one, for example:\n\n` +
    `    Subject: [issue] Printer on floor 3 jams\n` +
    `        creates a new issue with that title\n` +
    `    Subject: [issue1234] Printer on floor 3 jams\n` +
    `        adds your message to issue 1234\n\n` +
    `Your subject was: "${subject}"`;
}

function targetClass(
  t: Tracker,
  s: ParsedSubject,
  subject: string,
  opts: HandleOptions,
): string {
  const mode = setting(t, "mailgw", "subject_prefix_parsing", "strict");
  const named = mode === "none" ? undefined : s.classname;
  if (!named && s.hasPrefix && mode === "strict") {
    throw new MailError(badSubject(subject));
  }
  const fallback = (opts.defaultClass ?? "").trim() ||
    setting(t, "mailgw", "default_class");
  for (const c of [named, fallback]) {
    if (c && t.schema.classes.has(c)) return c;
  }
  if (fallback) {
    throw new MailError(
      `This tracker has no class "${fallback}" to file mail under, and the subject of your ` +
        `message names no other class.\n\nValid class names are: ${
          [...t.schema.classes.keys()].sort().join(", ")
        }\nYour subject was: "${subject}"`,
    );
  }
  throw new MailError(badSubject(subject));
}

/**
 * Handles one raw mail on an open tracker and returns what became of it; throws MailError
 * (with `bounce` telling whether to answer the sender) when it cannot be handled.
 * @example await handleMail(tracker, bytes, { now: () => Date.now() })
 */
export async function handleMail(
  tracker: Tracker,
  raw: Uint8Array,
  opts: HandleOptions = {},
): Promise<HandleResult> {
  const p = await prepareMail(tracker, raw, opts);
  if ("status" in p) return p;
  return await commitMail(tracker, (tx) => applyOnce(tx, tracker, p));
}

/**
 * Applies a prepared mail inside `tx`, unless its Message-Id is already filed: a mail that comes
 * again (the run before was killed after its commit, before the source let go of the mail, or
 * the MTA delivered it twice) is then acknowledged without a second msg.
 */
export async function applyOnce(
  tx: Tx,
  tracker: Tracker,
  p: PreparedMail,
): Promise<HandleResult> {
  const msg = await filedAs(tx, tracker, p.mail, p.target.cls);
  if (msg) {
    return { status: "dropped", reason: `already filed as ${msg}` };
  }
  return await applyMailIn(tx, tracker, p.mail, p.target, p.apply);
}

/** The msg ("msg12") already holding the mail's Message-Id, looked up in its exact index. */
export async function filedAs(
  tx: Tx,
  tracker: Tracker,
  mail: ParsedMail,
  cls: string,
): Promise<string | undefined> {
  const id = mail.messageId;
  const msgCls = tracker.schema.classes.get(cls)?.props.get("messages")?.class;
  const msgDef = msgCls ? tracker.schema.classes.get(msgCls) : undefined;
  if (!id || msgDef?.props.get("messageid")?.type !== "String") return;
  const msgs = tracker.db.handleIn(tx, msgDef.name);
  // the index ignores case; a Message-Id is compared exactly. A retired msg was filed too.
  const found = await msgs.filter({ exact: { messageid: id }, retired: null });
  for (const n of found) {
    const rec = await tx.record(msgDef.name, n);
    if (rec?.values.messageid === id) return `${msgDef.name}${n}`;
  }
}

/** A mail parsed and aimed, ready to be applied in a transaction. */
export interface PreparedMail {
  mail: ParsedMail;
  target: MailTarget;
  apply: { now: number; setFields: SetField[] };
}

/** Everything before the write: parse, drop robots, read the subject; throws MailError. */
export async function prepareMail(
  tracker: Tracker,
  raw: Uint8Array,
  opts: HandleOptions = {},
): Promise<PreparedMail | HandleResult> {
  const yes = (name: string) => flag(tracker, "mailgw", name);
  const mail = await parseMail(raw, {
    ignoreAlternatives: yes("ignore_alternatives"),
    unpackRfc822: yes("unpack_rfc822"),
    convertHtml: setting(tracker, "mailgw", "convert_htmltotext", "none"),
  });
  const ignored = ignoreReason(mail);
  if (ignored) return { status: "dropped", reason: ignored };
  const sender = senderOf(mail, yes("keep_real_from"));
  if (!sender?.address) {
    throw new MailError(
      "Cannot handle the message: it has no sender address (From:), so nobody can be told",
      false,
    );
  }
  if (mail.subject.trim().toLowerCase() === "help") {
    throw new MailError(helpText(tracker), true, {
      replySubject: "Mail Gateway Help",
    });
  }
  if (!mail.subject.trim()) {
    throw new MailError(
      "Your message has no subject. Mail to this tracker needs a Subject: line that names " +
        "the item it is about, or the title of a new one.",
    );
  }
  const rego = await confirmRegistrationByMail(
    tracker,
    mail.subject,
    sender.address,
    opts,
  );
  if (rego) return { status: "created", designator: `user${rego}` };
  const s = parseSubject(mail.subject, {
    classNames: [...tracker.schema.classes.keys()],
    refwdRe: setting(tracker, "mailgw", "refwd_re") || undefined,
    delimiters: setting(tracker, "mailgw", "subject_suffix_delimiters", "[]"),
  });
  const target: MailTarget = {
    cls: targetClass(tracker, s, mail.subject, opts),
    subject: s,
    sender,
    replyTo: [...messageIds(mail.inReplyTo), ...[...mail.references].reverse()],
  };
  return {
    mail,
    target,
    apply: { now: (opts.now ?? Date.now)(), setFields: opts.setFields ?? [] },
  };
}
