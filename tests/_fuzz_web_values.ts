/**
 * The values of the web fuzz test (tests/_fuzz_web.ts): hostile text, bad dates, intervals and
 * links, control characters, odd uploads, and the classes, properties and actions to aim at.
 */
import { type Rng, text } from "./_fuzz.ts";

/** Text that must never come back unescaped in HTML; `MARKERS` are what the test looks for. */
export const HOSTILE = [
  "<x-fz>",
  "</textarea><x-fz>",
  '"onfocus=alert(1) x="',
  "'onfocus=alert(1) x='",
  '"><x-fz a="',
  "<script>x-fz()</script>",
  "javascript:alert(1)",
  "&lt;x-fz&gt;",
  "]]><x-fz>",
  "<!--",
];
/**
 * The raw forms of HOSTILE that an HTML page must not hold. A raw `'` is harmless: every
 * attribute is written in double quotes, so `'onfocus=` in text breaks nothing.
 */
export const MARKERS = ["<x-fz", '"onfocus=', "<script>x-fz"];

export const ACTIONS = [
  "login",
  "logout",
  "new",
  "edit",
  "register",
  "confrego",
  "passrst",
  "search",
  "retire",
  "restore",
  "export_csv",
  "show",
  "queries",
  "nosuch",
  "",
  "EDIT",
  "edit\u0000",
];

export const CLASSES = [
  "issue",
  "user",
  "keyword",
  "msg",
  "file",
  "query",
  "status",
  "priority",
  "nosuch",
  "Issue",
];

export const PROPS: Record<string, string[]> = {
  issue: [
    "title",
    "status",
    "priority",
    "nosy",
    "assignedto",
    "keyword",
    "superseder",
    "messages",
    "files",
  ],
  user: [
    "username",
    "password",
    "address",
    "realname",
    "roles",
    "timezone",
    "alternate_addresses",
    "organisation",
    "phone",
  ],
  keyword: ["name"],
  msg: ["content", "author", "date", "summary", "files", "recipients"],
  file: ["content", "name", "type"],
  query: ["name", "klass", "url", "private_for"],
  status: ["name", "order"],
  priority: ["name", "order"],
};
export const BOGUS_PROPS = [
  "nosuch",
  "id",
  "creation",
  "activity",
  "creator",
  "actor",
  "title.name",
  "",
  " title",
  "__proto__",
  "constructor",
  "@nosuch",
  "@columns",
  "@confirm@password",
  "@old_password",
  "@required",
  "@lastactivity",
];

export const DATES = [
  "2003-02-30",
  "2003-13-01",
  "-1y",
  "999999999y",
  "-999999999d",
  "1970",
  "9999-99-99",
  "from 2003 to",
  ";",
  "2003;2004",
  "-2m;-1m",
  "now",
  ". -1d",
  "+3w 2d",
  "1e309",
  "2003-02-28.25:61:61",
  "0000-00-00",
  "275760-09-14",
  "-271821-04-19",
  "00:00",
  "3:",
  "1y 99999999999999999999s",
  "from -1d",
  "2003-02-28 + -2m 1d",
  "",
];
export const INTERVALS = [
  "1d",
  "-1w",
  "999999999y",
  "3:",
  "1y2m3w4d",
  "- 1d",
  "++1d",
];

export const LINKS = [
  "1",
  "2",
  "999999",
  "0",
  "-1",
  "abc",
  "admin",
  "alice",
  "issue1",
  "1,2",
  "+1",
  "-1",
  "+2,-1",
  "+nosuch",
  "-",
  "00001",
  "1e3",
  "123456789012345678901234",
  "1.5",
  "urgent",
  "bug,feature",
  "chatting",
  ",,,",
];

/** Characters a form or URL should never choke on. */
export const CONTROL = [
  "\u0000",
  "\u0001",
  "\u001b[31m",
  "\u007f",
  "\ud800",
  "\ufffe",
  "\r\n",
  "\u2028",
];

/** A hostile value for any field. */
export function value(r: Rng): string {
  return r.oneOf<string>([
    () => r.pick(HOSTILE),
    () => `${text(r, 4)}${r.pick(HOSTILE)}${text(r, 3)}`,
    () => r.pick(DATES),
    () => r.pick(INTERVALS),
    () => r.pick(LINKS),
    () => r.pick(CONTROL) + text(r, 3),
    () => text(r),
    () => "",
    () => (r.chance(0.5) ? "x" : "<x-fz>").repeat(r.pick([300, 5000, 70000])),
    () => String(r.int(20)),
  ]);
}

export const FILE_NAMES = [
  "x.html",
  "<x-fz>.svg",
  '"onfocus=alert(1).txt',
  "☃.html",
  "a\nb.html",
  "",
  "../../etc/passwd",
  "a;filename=evil.html",
  "x".repeat(400) + ".svg",
  "report.pdf",
  "\ud800.svg",
  'a"b\\c.html',
];
export const FILE_TYPES = [
  "text/html",
  "image/svg+xml",
  "text/html; charset=utf-8",
  "application/xhtml+xml",
  "text/xml",
  "application/octet-stream",
  "",
  "text/plain",
  "x/y",
  "TEXT/HTML",
  "application/rss+xml",
];
export const FILE_BODIES = [
  "<script>alert(1)</script><x-fz>",
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
  "plain text",
  "",
];

/** An upload: odd names and types, sometimes larger than max_file_size. */
export function upload(r: Rng, maxFileSize: number): File {
  // Over the limit: a little (the store refuses it), or by over 1 MiB (the body limit does).
  const body = r.chance(0.1)
    ? "y".repeat(maxFileSize + 1 + (r.chance(0.05) ? 1_100_000 : r.int(5000)))
    : r.pick(FILE_BODIES);
  return new File([body], r.pick(FILE_NAMES), { type: r.pick(FILE_TYPES) });
}

/** Hostile text that is a valid value for a String property (no NUL, not too long). */
export function hostileText(r: Rng): string {
  return `${text(r, 3)}${r.pick(HOSTILE)}${text(r, 2)}`.replaceAll("\u0000", "")
    .trim() || "<x-fz>";
}
