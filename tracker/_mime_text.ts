/**
 * A one-part text mail laid out as Roundup's mailer writes it (Python's email package, compat32):
 * `Content-Type: text/plain; charset="utf-8"`, a quoted-printable body, the item headers, then
 * Subject, To, From, Date and the Precedence / X-Roundup-Name / X-Roundup-Loop /
 * X-Roundup-Version headers, with non-ASCII header text as RFC 2047 encoded words.
 */
import { VERSION } from "../cli.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
const HEX = "0123456789ABCDEF";

function two(n: number): string {
  return String(n).padStart(2, "0");
}

/** An RFC 5322 Date header value in UTC, as Python's formatdate(): "Mon, 05 Jan 2026 10:00:00 +0000". */
export function rfc822Date(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${
    MONTHS[d.getUTCMonth()]
  } ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${
    two(d.getUTCSeconds())
  } +0000`;
}

function quote(code: number): string {
  return "=" + HEX[code >> 4] + HEX[code & 15];
}

/**
 * The quoted-printable body of `text` in UTF-8, line for line as Python's quoprimime.body_encode:
 * lines of at most 76 characters with "=" soft breaks, "=" and bytes outside printable ASCII
 * (tab excepted) quoted, and a space or tab that ends a line quoted.
 */
export function quotedPrintable(text: string): string {
  if (!text) return text;
  const bytes = new TextEncoder().encode(text);
  let body = "";
  for (const b of bytes) {
    const safe = b === 9 || b === 10 || b === 13 ||
      (b >= 32 && b <= 126 && b !== 61);
    body += safe ? String.fromCharCode(b) : quote(b);
  }
  const max = 76;
  const out: string[] = [];
  const lines = body.split(/\r\n|\r|\n/);
  // Like Python's splitlines(): a final line break ends the last line, it starts no new one.
  if (/[\r\n]$/.test(body)) lines.pop();
  for (const line of lines) {
    let start = 0;
    const lastStart = line.length - 1 - max;
    while (start <= lastStart) {
      const stop = start + max - 1;
      // Never split a =XX escape: end the piece on its "=", which then reads as the soft break.
      if (line[stop - 2] === "=") {
        out.push(line.slice(start, stop - 1));
        start = stop - 2;
      } else if (line[stop - 1] === "=") {
        out.push(line.slice(start, stop));
        start = stop - 1;
      } else {
        out.push(line.slice(start, stop) + "=");
        start = stop;
      }
    }
    const last = line.at(-1);
    if (last === " " || last === "\t") {
      const room = start - lastStart;
      const q = room >= 3
        ? quote(last.charCodeAt(0))
        : room === 2
        ? last + "=\n"
        : "=\n" + quote(last.charCodeAt(0));
      out.push(line.slice(start, -1) + q);
    } else out.push(line.slice(start));
  }
  if (/[\r\n]$/.test(body)) out.push("");
  return out.join("\n");
}

// deno-lint-ignore no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Text as one RFC 2047 encoded word, "q" or "b", whichever is shorter (Python's SHORTEST). */
export function encodedWord(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let q = "";
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (b === 32) q += "_";
    else if (/[A-Za-z0-9!*+\-/]/.test(c)) q += c;
    else q += quote(b);
  }
  const b64 = btoa(String.fromCharCode(...bytes));
  return b64.length < q.length ? `=?utf-8?b?${b64}?=` : `=?utf-8?q?${q}?=`;
}

/** A header value as Roundup writes it: unchanged when ASCII, else the name of `name <addr>` or the whole value encoded. */
export function headerValue(value: string): string {
  if (ASCII.test(value)) return value;
  const addr = /^(.*\S) (<[^<>]*>)$/.exec(value);
  if (addr && ASCII.test(addr[2]!)) {
    let name = addr[1]!;
    if (/^".*"$/.test(name)) name = name.slice(1, -1).replace(/\\(.)/g, "$1");
    return `${encodedWord(name)} ${addr[2]}`;
  }
  return encodedWord(value);
}

/** One attached file: text as a string (its charset in contentType), anything else as bytes. */
export interface MailPart {
  filename?: string;
  contentType: string;
  content: Uint8Array | string;
}

/** What composeMail() lays out. */
export interface TextMail {
  from: string;
  to: string[];
  subject: string;
  /** Headers between Content-Type and Subject, in order; Precedence and X-Roundup-Name/Loop/Version here replace the standard values. */
  headers: Record<string, string>;
  text: string;
  attachments?: MailPart[];
}

const TRAILING = [
  "Precedence",
  "X-Roundup-Name",
  "X-Roundup-Loop",
  "X-Roundup-Version",
];

/** True when composeMail() can lay the mail out: it attaches no message/rfc822 part. */
export function composable(mail: TextMail): boolean {
  return !(mail.attachments ?? []).some((a) =>
    /^message\/rfc822\b/i.test(a.contentType)
  );
}

function base64Lines(bytes: Uint8Array): string {
  let b64 = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    b64 += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  b64 = btoa(b64);
  const out: string[] = [];
  for (let i = 0; i < b64.length; i += 76) out.push(b64.slice(i, i + 76));
  return out.map((l) => l + "\n").join("");
}

/** One attachment as Roundup's nosy mail writes it (us-ascii text as is, other text quoted-printable, the rest base64). */
function attachmentPart(a: MailPart): string {
  const name = (a.filename ?? "").replace(/[\\"]/g, (c) => "\\" + c);
  const disposition = `Content-Disposition: attachment;\n filename="${name}"`;
  if (typeof a.content === "string") {
    const ascii = ASCII.test(a.content);
    const type = a.contentType.replace(/;.*$/, "");
    return [
      "MIME-Version: 1.0",
      `Content-Type: ${type}; charset="${ascii ? "us-ascii" : "utf-8"}"`,
      ...(ascii ? [] : ["Content-Transfer-Encoding: quoted-printable"]),
      disposition,
      "",
      ascii ? a.content : quotedPrintable(a.content),
    ].join("\n");
  }
  return [
    `Content-Type: ${a.contentType}`,
    "MIME-Version: 1.0",
    "Content-Transfer-Encoding: base64",
    disposition,
    "",
    base64Lines(a.content),
  ].join("\n");
}

/** Roundup does not fold headers; one longer than SMTP's 998 characters is folded before a space. */
export function foldLong(line: string): string {
  const out: string[] = [];
  let rest = line;
  while (rest.length > 998) {
    const at = rest.lastIndexOf(" ", 998);
    if (at <= 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  out.push(rest);
  return out.join("\n");
}

/** The whole mail, header lines and body joined by "\n", as Roundup's mailer writes it. */
export function composeMail(
  mail: TextMail,
  o: { date: number; trackerName: string; boundary?: string },
): string {
  const own = new Map(
    Object.entries(mail.headers).map((
      [k, v],
    ) => [k.toLowerCase(), [k, v] as const]),
  );
  const parts = mail.attachments ?? [];
  const boundary = o.boundary ?? "=".repeat(15) +
      String(
        crypto.getRandomValues(new Uint32Array(2)).reduce(
          (n, x) => n * 4294967296n + BigInt(x),
          0n,
        ) % 10n ** 19n,
      ).padStart(19, "0") + "==";
  const lines = parts.length
    ? [
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "MIME-Version: 1.0",
    ]
    : ["MIME-Version: 1.0", 'Content-Type: text/plain; charset="utf-8"'];
  for (const [k, v] of Object.entries(mail.headers)) {
    if (!TRAILING.some((t) => t.toLowerCase() === k.toLowerCase())) {
      lines.push(`${k}: ${headerValue(v)}`);
    }
  }
  if (!parts.length) lines.push("Content-Transfer-Encoding: quoted-printable");
  lines.push(
    `Subject: ${headerValue(mail.subject)}`,
    `To: ${mail.to.join(", ")}`,
    `From: ${headerValue(mail.from)}`,
    `Date: ${rfc822Date(o.date)}`,
  );
  const standard = ["bulk", o.trackerName, "hello", VERSION];
  TRAILING.forEach((name, i) => {
    const [k, v] = own.get(name.toLowerCase()) ?? [name, standard[i]!];
    lines.push(`${k}: ${headerValue(v)}`);
  });
  const body = quotedPrintable(mail.text.replace(/\r\n/g, "\n"));
  const head = lines.map(foldLong).join("\n");
  if (!parts.length) return head + "\n\n" + body;
  const text = [
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: quoted-printable",
    "",
    body,
  ].join("\n");
  return head + "\n\n" +
    [text, ...parts.map(attachmentPart)].map((p) => `--${boundary}\n${p}`)
      .join("\n") +
    `\n--${boundary}--\n`;
}
