/**
 * The write side of the mail gateway, as one transaction: find the item the mail belongs to,
 * identify the author, check what they may do, then create the files, the msg and the new or
 * changed item. Anything the sender can fix comes back as a MailError.
 */
import {
  InvalidValueError,
  KeyInUseError,
  NotFoundError,
  PermissionError,
  Reject,
  TooLargeError,
  type Tx,
  type Values,
} from "../store/mod.ts";
import { actorFor } from "../tracker/actor.ts";
import type { Tracker } from "../tracker/home.ts";
import { MailError, type ParsedMail } from "./parse.ts";
import { bodyOptions, parseBody } from "./body.ts";
import { authorOf, recipientsOf } from "./users.ts";
import { classArguments, fieldsByClass, type SetField } from "./props.ts";
import {
  findItem,
  itemProps,
  type MailContext,
  type MailTarget,
} from "./target.ts";
import type { HandleResult } from "./handler.ts";
import { setting } from "./settings.ts";

export type { MailTarget } from "./target.ts";

function ids(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/**
 * The errors of a write that the sender can do something about: bad values (a key in use
 * among them), missing items, detectors, too large content, permissions. A lost race
 * (ConflictError) or a bug is not the sender's to fix and goes up as it is.
 */
const FIXABLE = [
  InvalidValueError,
  NotFoundError,
  Reject,
  TooLargeError,
  PermissionError,
  KeyInUseError,
];

/** Rethrows a fixable error as a MailError saying what failed, anything else as it is. */
function refused(e: unknown, what: string): never {
  if (!FIXABLE.some((k) => e instanceof k)) throw e;
  throw new MailError(`${what}: ${(e as Error).message}`, true, { cause: e });
}

/**
 * Runs one mail's transaction. KV's limits and key clashes are found only when the transaction
 * commits, after the steps that explain them, so those come back here as a MailError too.
 */
export async function commitMail<T>(
  t: Tracker,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await t.db.transact(fn);
  } catch (e) {
    if (e instanceof MailError) throw e;
    refused(e, "Your message could not be filed");
  }
}

/** Applies a parsed mail whose class is known inside a transaction the caller commits. */
export async function applyMailIn(
  tx: Tx,
  t: Tracker,
  mail: ParsedMail,
  target: MailTarget,
  o: { now: number; setFields: SetField[] },
): Promise<HandleResult> {
  const byClass = fieldsByClass(t, o.setFields);
  const def = t.schema.classes.get(target.cls)!;
  const c: MailContext = {
    tracker: t,
    tx,
    now: o.now,
    def,
    mail,
    target,
    byClass,
  };
  let nodeid = await findItem(c);
  const author = await authorOf(c, target.sender);
  const actor = await actorFor(t, author, { tx });
  c.tz = actor.timezone;
  const may = actor.may.bind(actor);
  const refuse = (what: string) =>
    new MailError(`You are not allowed to ${what}.`);
  if (nodeid && !(await may("Edit", def.name, { itemId: nodeid }))) {
    throw refuse(`change ${def.name}${nodeid}`);
  }
  if (!nodeid && !(await may("Create", def.name))) {
    throw refuse(`create ${def.name} items`);
  }

  const recipients = await recipientsOf(
    c,
    mail,
    await classArguments(c, byClass, "user"),
  );
  const props = await itemProps(c, nodeid);
  const current = nodeid ? (await tx.record(def.name, nodeid))!.values : {};
  const msgProps: Values = {};
  const as = { actor: author };

  const fileCls = def.props.get("files")?.class;
  if (fileCls && mail.attachments.length) {
    const fileArgs = await classArguments(c, byClass, fileCls);
    const files: string[] = [];
    for (const a of mail.attachments) {
      if (!(await may("Create", fileCls))) throw refuse("attach files");
      const values = {
        type: a.contentType,
        name: a.filename || "unnamed",
        content: a.content,
      };
      try {
        files.push(await tx.create(fileCls, { ...values, ...fileArgs }, as));
      } catch (e) {
        // As in Roundup, a file a detector refuses is left out quietly.
        if (!(e instanceof Reject)) {
          refused(e, `Your attachment "${values.name}" could not be stored`);
        }
      }
    }
    if (nodeid && !(await may("Edit", def.name, { property: "files" }))) {
      throw refuse(`add files to ${def.name}${nodeid}`);
    }
    msgProps.files = files;
    props.files = [...ids(current.files), ...files];
  }

  let msgId: string | undefined;
  const msgCls = def.props.get("messages")?.class;
  if (msgCls) {
    Object.assign(msgProps, await classArguments(c, byClass, msgCls));
    if (mail.text === null) {
      throw new MailError(
        mail.problem
          ? `Your message could not be read: ${mail.problem}.`
          : "Your message has no plain text part (text/plain), and this tracker only takes " +
            "plain text as the text of a message.",
      );
    }
    const body = parseBody(mail.text, bodyOptions(t.config, !nodeid));
    const content = body.content.trim();
    if (content) {
      if (!(await may("Create", msgCls))) throw refuse("create messages");
      const msgDef = t.schema.classes.get(msgCls)!;
      const values: Values = {
        author,
        recipients,
        date: o.now,
        summary: body.summary,
        content,
        messageid: mail.messageId || newMessageId(t, o.now, def.name, nodeid),
        inreplyto: mail.inReplyTo || "",
        ...msgProps,
      };
      for (const k of Object.keys(values)) {
        if (!msgDef.props.has(k)) delete values[k];
      }
      try {
        msgId = await tx.create(msgCls, values, as);
      } catch (e) {
        refused(
          e,
          e instanceof Reject
            ? "A detector of the tracker refused your message"
            : "Your message could not be stored",
        );
      }
      if (
        nodeid && !(await may("Edit", def.name, { property: "messages" }))
      ) {
        throw refuse(`add messages to ${def.name}${nodeid}`);
      }
      props.messages = [...ids(current.messages), msgId];
    }
  }

  for (const prop of Object.keys(props)) {
    if (
      !(await may(nodeid ? "Edit" : "Create", def.name, { property: prop }))
    ) {
      throw refuse(
        `${nodeid ? "change" : "set"} the ${prop} of ${def.name} items`,
      );
    }
  }
  const created = !nodeid;
  try {
    if (nodeid) await tx.set(def.name, nodeid, props, as);
    else nodeid = await tx.create(def.name, props, as);
  } catch (e) {
    refused(
      e,
      `Your message could not be applied to ${def.name}${nodeid ?? ""}`,
    );
  }
  return {
    status: created ? "created" : "updated",
    designator: `${def.name}${nodeid}`,
    ...(msgId ? { msgId } : {}),
  };
}

function newMessageId(
  t: Tracker,
  now: number,
  cls: string,
  nodeid?: string,
): string {
  const rnd = [...crypto.getRandomValues(new Uint8Array(10))]
    .map((b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[b % 32]).join("");
  return `<${(now / 1000).toFixed(2)}.${rnd}.${cls}${nodeid ?? ""}@${
    setting(t, "mail", "domain", "localhost")
  }>`;
}
