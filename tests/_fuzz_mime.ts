/**
 * MIME bodies for the mail fuzz test: parts with bad transfer encodings and charsets, odd file
 * names, broken HTML, and multiparts whose boundaries are missing, wrong or never closed.
 */
import { type Rng, text } from "./_fuzz.ts";

/** Makes a whole mail (headers and body) for a message/rfc822 part. */
export type InnerMail = (r: Rng, depth: number) => string;

const enc = new TextEncoder();

function b64(r: Rng, s: string): string {
  const b = btoa(String.fromCharCode(...enc.encode(s).slice(0, 3000)));
  return r.pick([
    b,
    b.slice(0, Math.max(0, b.length - r.int(4) - 1)),
    b.replace(/[A-Z]/g, "!"),
    `${b}====garbage`,
    "%%%%",
    "",
  ]);
}

function qp(r: Rng, s: string): string {
  return r.pick([
    s.replace(/=/g, "=3D"),
    `${s}=`,
    `${s}=Z9=0`,
    `=E9=${s}=C3`,
    s.replace(/ /g, "=\r\n"),
  ]);
}

const CHARSETS = [
  "utf-8",
  "us-ascii",
  "iso-8859-1",
  "windows-1252",
  "koi8-r",
  "utf-7",
  "utf-16",
  "x-nonsense",
  "",
  '"utf-8',
  "utf-8; format=flowed; delsp=yes",
];
const ENCODINGS = [
  "7bit",
  "8bit",
  "binary",
  "base64",
  "quoted-printable",
  "x-uuencode",
  "nonsense",
  "BASE64",
  "",
];

function leafBody(r: Rng, encoding: string, body: string): string {
  if (/base64/i.test(encoding)) return b64(r, body);
  if (/quoted/i.test(encoding)) return qp(r, body);
  return body;
}

function filename(r: Rng): string {
  return r.pick([
    'filename="report.txt"',
    'filename="../../etc/passwd"',
    'filename=""',
    "filename=",
    'filename="=?utf-8?B?w6lsw6g=?="',
    'filename="=?utf-8?B?broken"',
    "filename*=utf-8''%E2%98%83.txt",
    "filename*=utf-8''%ZZ",
    `filename="${"a".repeat(300)}.txt"`,
    'filename="\u0000nul.bin"',
    'name="image.png"',
  ]);
}

/** One MIME part (a leaf, or now and then a nested multipart) with its own headers. */
export function part(r: Rng, depth: number, inner: InnerMail): string {
  if (depth < 4 && r.chance(0.25)) return multipart(r, depth + 1, inner);
  const type = r.pick([
    "text/plain",
    "text/plain",
    "text/html",
    "application/octet-stream",
    "image/png",
    "message/rfc822",
    "message/delivery-status",
    "text/",
    "/",
    "",
    "application/pgp-signature",
  ]);
  const encoding = r.pick(ENCODINGS);
  const disposition = r.chance(0.4)
    ? `Content-Disposition: ${r.pick(["attachment", "inline", "weird", ""])}; ${
      filename(r)
    }\n`
    : "";
  let body = type === "text/html"
    ? htmlBody(r)
    : type === "message/rfc822"
    ? r.chance(0.5) ? inner(r, depth + 1) : text(r, 20)
    : text(r, 30);
  body = leafBody(r, encoding, body);
  return `Content-Type: ${type}${
    r.chance(0.5) ? `; charset=${r.pick(CHARSETS)}` : ""
  }\nContent-Transfer-Encoding: ${encoding}\n${disposition}\n${body}\n`;
}

/** HTML that is broken, deep or empty. */
export function htmlBody(r: Rng): string {
  return r.pick([
    `<html><body><p>${text(r)}</p><ul><li>${text(r)}</li></ul></body></html>`,
    `<p>unclosed <b>${text(r)} <table><tr><td>x`,
    `<script>${text(r)}</script><style>a{}</style>${text(r)}`,
    `<<<>>>&&&#xZZZ;&#99999999;&nosuch;${text(r)}`,
    `<!-- ${text(r)}`,
    `<div>`.repeat(500) + text(r),
    "",
  ]);
}

/** A multipart with its Content-Type header: boundaries missing, wrong or never closed. */
export function multipart(r: Rng, depth: number, inner: InnerMail): string {
  const sub = r.pick(["mixed", "alternative", "related", "signed", "digest"]);
  const boundary = r.pick([
    "B" + r.int(1000),
    "=_weird boundary",
    "",
    "a".repeat(200),
  ]);
  const param = r.pick([
    `; boundary="${boundary}"`,
    `; boundary=${boundary}`,
    "",
    `; boundary="${boundary}`,
    `; boundary*0="${boundary}"`,
  ]);
  const parts = r.many(r.int(4), () => part(r, depth, inner));
  const sep = r.chance(0.1) ? "--OTHER" : `--${boundary}`;
  const end = r.pick([`${sep}--\n`, "", `${sep}\n`, `${sep}--trailing\n`]);
  const preamble = r.chance(0.3) ? `${text(r)}\n` : "";
  const body = preamble + parts.map((p) => `${sep}\n${p}`).join("") + end;
  return `Content-Type: multipart/${sub}${param}\n${
    r.chance(0.1) ? "Content-Transfer-Encoding: base64\n" : ""
  }\n${body}`;
}
