/**
 * Raw mail to a ParsedMail with npm:mailparser: decoded headers and addresses, the text that
 * becomes the msg and the parts that become files, picked the way Roundup's mail gateway picks
 * them (see extract.ts).
 */
import { extractContent, type MimePart } from "./extract.ts";
import { concat, runParser, type TreeNode } from "./mail_tree.ts";
import {
  decodeText,
  headerMap,
  type MailAddress,
  messageIds,
  parseAddressList,
} from "./headers.ts";

export type { MailAddress } from "./headers.ts";
export { decodeWords, messageIds, parseAddressList } from "./headers.ts";

/** A message the gateway cannot handle; `bounce` says whether the sender is told why. */
export class MailError extends Error {
  override name = "MailError";
  /** Subject of the reply, when it is not the usual failure subject (help requests). */
  readonly replySubject?: string;

  constructor(
    message: string,
    public readonly bounce: boolean = true,
    opts: { replySubject?: string; cause?: unknown } = {},
  ) {
    super(
      message,
      opts.cause === undefined ? undefined : { cause: opts.cause },
    );
    this.replySubject = opts.replySubject;
  }
}

/** A part of the mail that becomes a file item. */
export interface MailAttachment {
  filename: string | null;
  contentType: string;
  /** Text parts are decoded to a string; everything else stays bytes. */
  content: Uint8Array | string;
}

/** What the gateway needs from one mail. */
export interface ParsedMail {
  /** Lower-cased header names to their unfolded, decoded values, in order. */
  headers: Map<string, string[]>;
  from: MailAddress[];
  resentFrom: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  date: Date | null;
  /** The message text (first text/plain part, or converted HTML), or null when there is none. */
  text: string | null;
  attachments: MailAttachment[];
  /** The first text/html part, if any. */
  html: string | null;
  /** Why the MIME structure could not be read in full (a multipart without a boundary). */
  problem?: string;
}

/** How parts are picked, from the [mailgw] settings. */
export interface ParseOptions {
  ignoreAlternatives?: boolean;
  unpackRfc822?: boolean;
  /** [mailgw] convert_htmltotext: "none" leaves HTML-only mail without text. */
  convertHtml?: string;
}

/** The first value of a header, or "". */
export function headerOf(mail: ParsedMail, name: string): string {
  return mail.headers.get(name.toLowerCase())?.[0] ?? "";
}

interface ParserAddress {
  name?: string;
  address?: string;
  group?: ParserAddress[];
}

function flatten(list: ParserAddress[] | undefined): MailAddress[] {
  return (list ?? []).flatMap((a) =>
    a.group
      ? flatten(a.group)
      : [{ name: a.name ?? "", address: a.address ?? "" }]
  );
}

/** Text of a part in its charset; mailparser's decoding for charsets Deno does not know. */
function textOf(n: TreeNode, bytes: Uint8Array): string {
  const cs = n.charset?.trim();
  let known = true;
  try {
    if (cs) new TextDecoder(cs);
  } catch {
    known = false;
  }
  const text = !known && n.textContent !== undefined &&
      !n.textContent.includes("\ufffd")
    ? n.textContent
    : decodeText(bytes, known ? cs : undefined);
  return text.replace(/\r\n?/g, "\n");
}

const BOUNDARY = /;\s*boundary\*?\s*=\s*(?:"[^"]+"|[^\s;"]+)/i;

async function toPart(
  n: TreeNode,
  opts: ParseOptions,
  problems: string[],
): Promise<MimePart> {
  // mailparser gives false for an empty type ("Content-Type: ; charset=…"); RFC 2045 says
  // text/plain then.
  const type =
    (typeof n.contentType === "string" && n.contentType.trim()
      ? n.contentType
      : "text/plain").toLowerCase();
  if (type.startsWith("multipart/")) {
    if (!BOUNDARY.test(n.node.headers.getFirst("content-type"))) {
      problems.push(
        `its ${type} part has no boundary parameter, so its parts cannot be told apart`,
      );
    }
    const children = [];
    for (const c of n.children ?? []) {
      children.push(await toPart(c, opts, problems));
    }
    return { type, filename: null, children };
  }
  const bytes = concat(n.raw);
  const part: MimePart = {
    type,
    filename: n.node.filename || null,
    children: [],
    bytes,
  };
  if (type.startsWith("text/")) part.text = textOf(n, bytes);
  if (type === "message/rfc822") {
    const inner = await parseTree(bytes, opts, problems);
    part.subject = inner.subject;
    part.children = [inner.root];
  }
  return part;
}

async function parseTree(
  raw: Uint8Array,
  opts: ParseOptions,
  problems: string[],
) {
  const { tree, headers, lines } = await runParser(raw);
  if (!tree) throw new MailError("Cannot read the message: it is empty");
  const root = await toPart(tree, opts, problems);
  const subject = typeof headers.get("subject") === "string"
    ? headers.get("subject") as string
    : "";
  return { root, headers, lines, subject };
}

/**
 * Parses raw mail. Throws MailError when the MIME structure cannot be read.
 * @example const mail = await parseMail(bytes, { convertHtml: "dehtml" }); mail.text
 */
export async function parseMail(
  raw: Uint8Array,
  opts: ParseOptions = {},
): Promise<ParsedMail> {
  let parsed;
  const problems: string[] = [];
  try {
    parsed = await parseTree(raw, opts, problems);
  } catch (e) {
    if (e instanceof MailError) throw e;
    throw new MailError(
      `Cannot read the message: ${e instanceof Error ? e.message : e}`,
      true,
      { cause: e },
    );
  }
  const h = parsed.headers;
  const addr = (k: string) =>
    flatten((h.get(k) as { value?: ParserAddress[] } | undefined)?.value);
  const headers = headerMap(parsed.lines);
  const extracted = extractContent(parsed.root, opts);
  const date = h.get("date");
  return {
    headers,
    from: addr("from"),
    resentFrom: parseAddressList((headers.get("resent-from") ?? []).join(", ")),
    to: addr("to"),
    cc: addr("cc"),
    // mailparser cannot read raw 8-bit subjects that are not UTF-8; the header map can.
    subject: parsed.subject.includes("\ufffd")
      ? headers.get("subject")?.[0] ?? parsed.subject
      : parsed.subject,
    messageId: headers.get("message-id")?.[0] ?? "",
    inReplyTo: headers.get("in-reply-to")?.[0] ?? "",
    references: messageIds((headers.get("references") ?? []).join(" ")),
    date: date instanceof Date && headers.has("date") ? date : null,
    text: extracted.text,
    attachments: extracted.attachments,
    html: extracted.html,
    ...(problems.length ? { problem: problems[0] } : {}),
  };
}
