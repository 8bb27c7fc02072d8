/**
 * Picks the message text and the attachments out of a MIME tree, by Roundup's rules: the first
 * text/plain part is the text and every other part is a file; inside multipart/alternative the
 * last text/plain wins and the other alternatives are files unless ignore_alternatives is set;
 * HTML is converted only when convert_htmltotext allows it (and stays attached too);
 * message/rfc822 parts are one .eml file unless unpack_rfc822 is set; PGP signatures go.
 */
import { htmlToText } from "./html_text.ts";
import type { MailAttachment, ParseOptions } from "./parse.ts";

/** One node of the MIME tree. */
export interface MimePart {
  /** Lower-cased media type ("text/plain"). */
  type: string;
  filename: string | null;
  /** Sub-parts of a multipart, or the embedded message of a message/rfc822. */
  children: MimePart[];
  /** Transfer-decoded bytes of a leaf. */
  bytes?: Uint8Array;
  /** Charset-decoded text of a text/* leaf. */
  text?: string;
  /** Subject of the embedded message of a message/rfc822. */
  subject?: string;
}

/** What extractContent() found. */
export interface Extracted {
  text: string | null;
  attachments: MailAttachment[];
  html: string | null;
}

interface Found {
  content: string | null;
  attachments: MailAttachment[];
  htmlPart: boolean;
}

type Html2Text = ((html: string) => string) | null;

function isContainer(p: MimePart): boolean {
  return p.type.startsWith("multipart/") || p.type === "message/rfc822";
}

function asAttachment(p: MimePart): MailAttachment {
  if (p.type === "message/rfc822") {
    return {
      filename: p.subject ? `${p.subject}.eml` : p.filename,
      contentType: p.type,
      content: p.bytes ?? new Uint8Array(),
    };
  }
  return {
    filename: p.filename,
    contentType: p.type,
    content: p.text ?? p.bytes ?? new Uint8Array(),
  };
}

/** The first text/plain leaf of a part, as a file. */
function textAsAttachment(p: MimePart): MailAttachment | null {
  if (!isContainer(p)) return asAttachment(p);
  for (const c of p.children) {
    if (isContainer(c)) {
      const found = textAsAttachment(c);
      if (found) return found;
    } else if (c.type === "text/plain") return asAttachment(c);
  }
  return null;
}

function walk(
  p: MimePart,
  parentType: string | null,
  ignoreAlternatives: boolean,
  o: { unpack: boolean; html2text: Html2Text },
): Found {
  if (p.type === "text/plain") {
    return { content: p.text ?? "", attachments: [], htmlPart: false };
  }
  if (p.type === "text/html" && o.html2text) {
    return {
      content: o.html2text(p.text ?? ""),
      attachments: [asAttachment(p)],
      htmlPart: true,
    };
  }
  if (p.type === "message/rfc822" && !o.unpack) {
    return { content: null, attachments: [asAttachment(p)], htmlPart: false };
  }
  if (isContainer(p)) return walkContainer(p, ignoreAlternatives, o);
  if (
    parentType === "multipart/signed" && p.type === "application/pgp-signature"
  ) {
    return { content: null, attachments: [], htmlPart: false };
  }
  return { content: null, attachments: [asAttachment(p)], htmlPart: false };
}

function walkContainer(
  p: MimePart,
  ignoreAlternatives: boolean,
  o: { unpack: boolean; html2text: Html2Text },
): Found {
  const alternative = p.type === "multipart/alternative";
  let content: string | null = null;
  let chosen: MimePart | null = null;
  let htmlFound = false;
  let attachments: MailAttachment[] = [];
  const keep = (a: MailAttachment | null) => a && attachments.push(a);
  for (const part of p.children) {
    const found = walk(part, p.type, !content && ignoreAlternatives, o);
    if (!content) {
      content = found.content;
      chosen = part;
      if (found.htmlPart) htmlFound = true;
    } else if (found.content) {
      if (found.htmlPart) {
        // Converted HTML after the text: its file is kept below, its text is not wanted.
      } else if (!alternative) {
        keep(textAsAttachment(part));
      } else if (htmlFound) {
        // Text after converted HTML in an alternative: the real text wins.
        content = found.content;
        chosen = part;
      } else {
        // Of two text alternatives the later is the better one (RFC 2046 5.1.4).
        if (chosen) keep(textAsAttachment(chosen));
        content = found.content;
        chosen = part;
      }
    }
    attachments.push(...found.attachments);
  }
  if (ignoreAlternatives && alternative && content) attachments = [];
  return { content, attachments, htmlPart: false };
}

function firstHtml(p: MimePart): string | null {
  if (p.type === "text/html") return p.text ?? null;
  for (const c of p.children) {
    const h = firstHtml(c);
    if (h !== null) return h;
  }
  return null;
}

/** The html2text converter a convert_htmltotext value names, or null for "none". */
export function htmlConverter(name: string | undefined): Html2Text {
  return !name || name === "none" ? null : htmlToText;
}

/** The text and files of a MIME tree, with the [mailgw] options in `opts`. */
export function extractContent(root: MimePart, opts: ParseOptions): Extracted {
  const found = walk(root, null, !!opts.ignoreAlternatives, {
    unpack: !!opts.unpackRfc822,
    html2text: htmlConverter(opts.convertHtml),
  });
  return {
    text: found.content,
    attachments: found.attachments,
    html: firstHtml(root),
  };
}
