/**
 * Nosy mail: the mail Roundup sends to an item's nosy list when a message is added to it
 * (roundupdb's nosymessage and send_message), and the sender the nosyreaction detector calls.
 */
import type { Db, Item, Tx } from "../store/mod.ts";
import type { Security } from "../store/security.ts";
import type { NosyEvent } from "../templates/mod.ts";
import { configValue, type TrackerConfig } from "./config.ts";
import { actorFor } from "./actor.ts";
import { createMailer, type Mailer, type OutgoingMail } from "./mailer.ts";
import {
  changeNote,
  createNote,
  emailSignature,
  fileAttachment,
  linkHeaders,
  senderHeader,
} from "./_nosy_note.ts";

export { emailSignature, senderHeader };

/** Options of buildNosyMail() and nosyMailSender(). */
export interface NosyMailOptions {
  /** When given, only users who may View the msg's content and files are mailed, as in Roundup. */
  security?: Security;
  /** Where failures are reported; standard error by default. */
  log?: (line: string) => void;
}

/** One mail and the users it goes to. */
export interface NosyDelivery {
  mail: OutgoingMail;
  users: string[];
}

/** What buildNosyMail() decided: the mails, and the Message-Id when the msg had none. */
export interface NosyMail {
  deliveries: NosyDelivery[];
  /** The msg's recipients before this mail. */
  recipients: string[];
  /** A Message-Id made up for a msg that has none (web edits), to be stored on the msg. */
  newMessageId?: string;
}

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 of 5n bytes, as Python's base64.b32encode (Roundup's Message-Id token). */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += B32[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return bits ? out + B32[(acc << (5 - bits)) & 31] : out;
}

function ids(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return v == null ? [] : [String(v)];
}

async function pickRecipients(
  db: Db,
  event: NosyEvent,
  msg: Item,
  config: TrackerConfig,
  security: Security | undefined,
): Promise<Array<{ address: string; user: string }>> {
  const users = db.cls("user");
  const author = msg.author == null ? null : String(msg.author);
  const nosy = ids(event.new.nosy);
  const seen = new Set(ids(msg.recipients));
  const out: Array<{ address: string; user: string }> = [];
  const good = async (uid: string | null): Promise<boolean> => {
    if (!uid || seen.has(uid) || !(await users.exists(uid))) return false;
    const user = await users.getItem(uid);
    if (user.username === "anonymous") return false;
    if (!security) return true;
    const actor = await actorFor({ db, config, security }, uid);
    for (const property of ["content", "files"]) {
      if (!(await actor.may("View", "msg", { property, itemId: msg.id }))) {
        return false;
      }
    }
    return true;
  };
  const add = async (uid: string) => {
    const address = await users.get(uid, "address");
    if (address) out.push({ address: String(address), user: uid });
  };
  const toAuthor = configValue(config, "nosy", "messages_to_author", "no");
  if (
    (await good(author)) &&
    (toAuthor === "yes" || (toAuthor === "new" && event.old === null) ||
      (toAuthor === "nosy" && nosy.includes(author!)))
  ) await add(author!);
  if (author) seen.add(author);
  for (const uid of nosy) {
    if (await good(uid)) await add(uid);
    seen.add(uid);
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : 1));
}

async function authorLine(
  db: Db,
  config: TrackerConfig,
  author: string | null,
  first: boolean,
): Promise<{ name: string; address: string; line: string }> {
  const user = author && (await db.cls("user").exists(author))
    ? await db.cls("user").getItem(author)
    : null;
  const name = String(user?.realname || user?.username || "");
  const address = String(user?.address || "");
  const shown = address && config.getBool("mail", "add_authoremail")
    ? ` <${address}>`
    : "";
  const line = first
    ? `New submission from ${name}${shown}:`
    : `${name}${shown} added the comment:`;
  return { name, address, line };
}

/**
 * The nosy mail for a new message on an item: who gets it and the mails themselves.
 * @example const { deliveries } = await buildNosyMail(db, event, tracker.config)
 */
export async function buildNosyMail(
  db: Db,
  event: NosyEvent,
  config: TrackerConfig,
  opts: NosyMailOptions = {},
): Promise<NosyMail> {
  const msgs = db.cls("msg");
  const msg = await msgs.getItem(event.messageId);
  const recipients = ids(msg.recipients);
  const sendto = await pickRecipients(db, event, msg, config, opts.security);
  if (!sendto.length) return { deliveries: [], recipients };
  const cls = event.cls;
  const designator = `${cls}${event.id}`;
  const def = db.cls(cls).def;
  const messages = ids(event.new.messages);
  const author = msg.author == null ? null : String(msg.author);
  const who = await authorLine(db, config, author, messages.length === 1);
  const position = configValue(config, "nosy", "signature_position", "bottom");
  const signature = emailSignature(config, designator);
  const web = configValue(config, "tracker", "web");
  const maxSize = Number(
    configValue(config, "nosy", "max_attachment_size", "Infinity"),
  );

  const body = [""];
  if (position === "top") body.push(signature);
  if (author && config.getBool("mail", "add_authorinfo")) {
    body.push(who.line, "");
  }
  body.push(String(await msgs.get(msg.id, "content") ?? ""));
  const attachments: NonNullable<OutgoingMail["attachments"]> = [];
  const files = db.cls("file");
  for (const fid of ids(msg.files)) {
    const rec = await files.record(fid);
    if (!rec) continue;
    const name = String(rec.values.name ?? "");
    if ((rec.content?.size ?? 0) <= maxSize) {
      attachments.push(
        fileAttachment(name, rec.values.type, await files.getContent(fid)),
      );
    } else {
      body.push(
        `File '${name}' not attached - you can download it from ${web}file${fid}.`,
      );
    }
  }
  const note = event.old === null
    ? await createNote(db, def, event.new)
    : await changeNote(db, def, event.old, event.new);
  if (note) body.push(note);
  if (position === "bottom") body.push(signature);

  const trackerEmail = configValue(config, "tracker", "email");
  const trackerName = configValue(config, "tracker", "name");
  const tag = configValue(config, "main", "email_from_tag");
  const replyTo = configValue(config, "tracker", "replyto_address");
  let messageId = msg.messageid ? String(msg.messageid) : "";
  let newMessageId: string | undefined;
  if (!messageId) {
    const token = base32(crypto.getRandomValues(new Uint8Array(10)));
    const domain = configValue(config, "mail", "domain", "localhost");
    messageId = newMessageId = `<${
      db.core.now() / 1000
    }.${token}.${designator}@${domain}>`;
  }
  const inReplyTo = msg.inreplyto ? String(msg.inreplyto) : "";
  // Without one of its own, the mail answers the item's first message (that header comes last).
  let firstId = "";
  if (!inReplyTo && messages.length && messages[0] !== msg.id) {
    const first = await msgs.record(messages[0]!);
    firstId = first?.values.messageid ? String(first.values.messageid) : "";
  }
  const headers: Record<string, string> = {
    "Reply-To": replyTo === "AUTHOR"
      ? senderHeader(who.name, who.address)
      : replyTo || senderHeader(trackerName, trackerEmail),
    "Message-Id": messageId,
    ...(inReplyTo ? { "In-Reply-To": inReplyTo } : {}),
    ...(await linkHeaders(db, cls, event.new)),
    [`X-Roundup-${cls}-Id`]: event.id,
    ...(firstId ? { "In-Reply-To": firstId } : {}),
  };
  const title = String(event.new.title || `${cls} message copy`);
  const make = (to: string[]): OutgoingMail => ({
    from: senderHeader(who.name + (tag ? " " + tag : ""), trackerEmail),
    to,
    subject: `[${designator}] ${title}`,
    headers,
    text: body.join("\n"),
    ...(attachments.length ? { attachments } : {}),
  });
  const single = configValue(config, "nosy", "email_sending", "single") ===
    "single";
  const deliveries = single
    ? [{
      mail: make(sendto.map((s) => s.address)),
      users: sendto.map((s) => s.user),
    }]
    : sendto.map((s) => ({ mail: make([s.address]), users: [s.user] }));
  return { deliveries, recipients, newMessageId };
}

/**
 * The sendNosy hook for a tracker: builds the nosy mail, sends it, then appends the users mailed
 * to the msg's recipients in a transaction of its own. Failures are logged, never thrown.
 */
export function nosyMailSender(
  config: TrackerConfig,
  mailer: Mailer,
  opts: NosyMailOptions = {},
): (event: NosyEvent) => Promise<void> {
  const log = opts.log ?? ((line: string) => {
    Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
  });
  const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
  return async (event) => {
    try {
      const plan = await buildNosyMail(event.db, event, config, opts);
      const mailed: string[] = [];
      for (const d of plan.deliveries) {
        try {
          await mailer.deliver(d.mail);
          mailed.push(...d.users);
        } catch (e) {
          log(why(e));
        }
      }
      if (!mailed.length) return;
      // Two changes, as Roundup journals them: the recipients, then the Message-Id it made up.
      const write = async (tx: Tx) => {
        const actor = { actor: event.actor };
        const recipients = [...plan.recipients, ...mailed];
        await tx.set("msg", event.messageId, { recipients }, actor);
        if (plan.newMessageId) {
          await tx.set("msg", event.messageId, {
            messageid: plan.newMessageId,
          }, actor);
        }
      };
      if (event.defer) event.defer(write);
      else await event.db.transact(write);
    } catch (e) {
      log(
        `Cannot send nosy mail for msg${event.messageId} on ${event.cls}${event.id}: ${
          why(e)
        }`,
      );
    }
  };
}

/** The sendNosy hook trackerOn() installs: nosyMailSender() on the tracker's own mailer. */
export function trackerNosySender(
  config: TrackerConfig,
  opts: NosyMailOptions & { home?: string; now?: () => number },
): (event: NosyEvent) => Promise<void> {
  let env: Record<string, string | undefined> = {};
  try {
    env = { SENDMAILDEBUG: Deno.env.get("SENDMAILDEBUG") };
  } catch {
    // Without env access (a sandbox, Deno Deploy) only [mail] debug applies.
  }
  const mailer = createMailer(config, env, { home: opts.home, now: opts.now });
  return nosyMailSender(config, mailer, opts);
}
