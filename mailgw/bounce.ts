/**
 * The answer to mail the gateway could not handle: the reason, with the original message
 * attached (message/rfc822), sent to its sender and/or the dispatcher as [main]
 * error_messages_to says.
 */
import type { OutgoingMail } from "../tracker/mailer.ts";
import { senderHeader } from "../tracker/nosy_mail.ts";
import type { Tracker } from "../tracker/home.ts";
import type { MailError } from "./parse.ts";
import { decodeText, decodeWords, parseAddressList } from "./headers.ts";
import { flag, setting } from "./settings.ts";

export type { OutgoingMail } from "../tracker/mailer.ts";

/** The subject of a failure notice (as Roundup's, so that filters keep working). */
export const BOUNCE_SUBJECT = "Failed issue tracker submission";

/** The header block of raw mail, unfolded, as [lower-cased name, decoded value] pairs. */
export function rawHeaders(raw: Uint8Array): Array<[string, string]> {
  const text = decodeText(raw.subarray(0, 256 * 1024));
  const end = text.search(/\r?\n\r?\n/);
  const block = end < 0 ? text : text.slice(0, end);
  const out: Array<[string, string]> = [];
  for (const line of block.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    out.push([
      line.slice(0, colon).trim().toLowerCase(),
      decodeWords(line.slice(colon + 1).replace(/\r?\n/g, "").trim()),
    ]);
  }
  return out;
}

/**
 * The failure notice for `error` about the raw mail `raw`. It goes to the mail's sender
 * (Resent-From, unless [mailgw] keep_real_from, else From); to the dispatcher instead or as
 * well when [main] error_messages_to is "dispatcher" or "both", and when the sender is unknown
 * or the error is not for the sender (`bounce` false).
 * @example await mailer.send(bounceFor(e, raw, tracker))
 */
export function bounceFor(
  error: MailError,
  raw: Uint8Array,
  tracker: Tracker,
): OutgoingMail {
  const headers = rawHeaders(raw);
  const first = (name: string) => headers.find(([k]) => k === name)?.[1] ?? "";
  const keepReal = flag(tracker, "mailgw", "keep_real_from");
  const from = (!keepReal && parseAddressList(first("resent-from"))[0]) ||
    parseAddressList(first("from"))[0];
  const dispatcher = setting(tracker, "main", "dispatcher_email") ||
    setting(tracker, "main", "admin_email");
  const mode = setting(tracker, "main", "error_messages_to", "user");
  const to: string[] = [];
  if (from?.address && error.bounce && mode !== "dispatcher") {
    to.push(from.address);
  }
  if (mode !== "user" || to.length === 0) to.push(dispatcher);

  const trackerName = setting(
    tracker,
    "tracker",
    "name",
    "Roundup issue tracker",
  );
  const address = setting(tracker, "tracker", "email");
  const intro = error.replySubject
    ? ""
    : `Your message to ${trackerName}${
      address ? ` (${address})` : ""
    } could not be handled, and nothing was changed in the tracker.\n\n`;
  const subject = first("subject");
  const messageId = first("message-id");
  const replyHeaders: Record<string, string> = {
    "Auto-Submitted": "auto-replied",
  };
  if (/^<[^<>\s]+>$/.test(messageId)) {
    replyHeaders["In-Reply-To"] = messageId;
    replyHeaders["References"] = messageId;
  }
  return {
    from: senderHeader(
      trackerName,
      setting(tracker, "main", "admin_email", "roundup-admin"),
    ),
    to: [...new Set(to)],
    subject: error.replySubject ?? BOUNCE_SUBJECT,
    headers: replyHeaders,
    text: `${intro}${error.message.trim()}\n` +
      (error.replySubject ? "" : `\nYour original message is attached.\n`),
    attachments: [{
      filename: `${
        subject.replace(/[\\/:*?"<>|\r\n]+/g, " ").trim() || "message"
      }.eml`,
      contentType: "message/rfc822",
      content: raw,
    }],
  };
}
