/** Text of nosy mail as Roundup lays it out: sender headers, the signature, the create and change notes. */
import type { ClassDef, Db, PropDef, Values } from "../store/mod.ts";
import { formatDate } from "../store/date.ts";
import { formatInterval, type Interval } from "../store/interval.ts";
import type { TrackerConfig } from "./config.ts";
import { configValue } from "./config.ts";

// Properties that never appear in a change note (Roundup leaves them out).
const SKIPPED = new Set([
  "files",
  "messages",
  "actor",
  "activity",
  "creator",
  "creation",
]);

// RFC 5322 specials that force a display name into quotes (Python's email.utils.specialsre).
const SPECIALS = /[\][\\()<>@,:;".]/;

/** `name <address>` with the name quoted when it needs it, as Roundup's nice_sender_header. */
export function senderHeader(name: string, address: string): string {
  if (!name) return address;
  const shown = SPECIALS.test(name)
    ? `"${name.replace(/[\\"]/g, (c) => "\\" + c)}"`
    : name;
  return `${shown} <${address}>`;
}

function formatAddr(name: string, address: string): string {
  // deno-lint-ignore no-control-regex
  if (!/^[\x00-\x7f]*$/.test(name)) {
    const bytes = new TextEncoder().encode(name);
    return `=?utf-8?b?${btoa(String.fromCharCode(...bytes))}?= <${address}>`;
  }
  return senderHeader(name, address);
}

/** Roundup's signature: the tracker's name and address and the item's URL between rules. */
export function emailSignature(
  config: TrackerConfig,
  designator: string,
): string {
  let base = configValue(config, "tracker", "web");
  let web: string;
  if (!/^https?:\/\//.test(base)) {
    web = "Configuration Error: TRACKER_WEB isn't a fully-qualified URL";
  } else {
    if (!base.endsWith("/")) base += "/";
    web = base + designator;
  }
  const email = formatAddr(
    configValue(config, "tracker", "name"),
    configValue(config, "tracker", "email"),
  );
  const line = "_".repeat(Math.max(web.length + 2, email.length));
  return `\n${line}\n${email}\n<${web}>\n${line}`;
}

const MIME_TYPES: Record<string, string> = {
  txt: "text/plain",
  log: "text/plain",
  html: "text/html",
  htm: "text/html",
  csv: "text/csv",
  xml: "text/xml",
  json: "application/json",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  eml: "message/rfc822",
  patch: "text/x-diff",
  diff: "text/x-diff",
};

function mimeType(name: string, type: unknown): string {
  if (typeof type === "string" && type.includes("/")) return type;
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  return MIME_TYPES[ext] ?? "application/octet-stream";
}

function ids(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return v == null ? [] : [String(v)];
}

/** The label of a linked item (its labelprop), or its id when it is gone. */
export async function labelOf(
  db: Db,
  cls: string,
  id: string,
): Promise<string> {
  const handle = db.cls(cls);
  if (!(await handle.exists(id))) return id;
  const v = await handle.get(id, handle.def.labelprop);
  return v == null ? id : String(v);
}

async function labels(db: Db, cls: string, v: unknown): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids(v)) out.push(await labelOf(db, cls, id));
  return out;
}

/** A value as Python's str() prints it in Roundup's notes: None, True, 2.0, dates in UTC. */
export function pyStr(prop: PropDef, value: unknown): string {
  if (value === null || value === undefined) return "None";
  switch (prop.type) {
    case "Number": {
      const n = Number(value);
      return Number.isInteger(n) ? `${n}.0` : String(n);
    }
    case "Boolean":
      return value ? "True" : "False";
    case "Date":
      return formatDate(value as number, "UTC");
    case "Interval":
      return formatInterval(value as Interval);
    default:
      return String(value);
  }
}

function indent(text: string): string {
  return text.replace(/\n+$/, "").split("\n").map((l) => "  " + l).join(
    "\n",
  );
}

function noteProps(def: ClassDef): PropDef[] {
  return [...def.props.values()]
    .filter((p) => !p.automatic && !p.quiet)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function empty(v: unknown): boolean {
  return v === null || v === undefined || v === "" || v === 0 ||
    v === false || (Array.isArray(v) && v.length === 0);
}

/** Roundup's create note: "\n----------\n" then every non-empty property as `name: value`. */
export async function createNote(
  db: Db,
  def: ClassDef,
  values: Values,
): Promise<string> {
  const lines = ["", "----------"];
  for (const p of noteProps(def)) {
    const v = values[p.name];
    if (empty(v)) continue;
    let text: string;
    if (p.type === "Link") text = await labelOf(db, p.class!, String(v));
    else if (p.type === "Multilink") {
      text = (await labels(db, p.class!, v)).sort().join(", ");
    } else {
      text = pyStr(p, v);
      if (text.includes("\n")) text = "\n" + indent(text);
    }
    lines.push(`${p.name}: ${text}`);
  }
  return lines.join("\n");
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    JSON.stringify(Array.isArray(v) ? v.map(String).sort() : v ?? null);
  return norm(a) === norm(b);
}

async function multilinkChange(
  db: Db,
  p: PropDef,
  before: unknown,
  after: unknown,
): Promise<string> {
  const was = ids(before);
  const now = ids(after);
  const added =
    (await labels(db, p.class!, now.filter((i) => !was.includes(i))))
      .sort();
  const removed =
    (await labels(db, p.class!, was.filter((i) => !now.includes(i)))).sort();
  let change = added.length ? `+${added.join(", ")}` : "";
  if (removed.length) change += ` -${removed.join(", ")}`;
  return change;
}

/** Roundup's change note: "\n----------\n" then `name: old -> new` per changed property, or "". */
export async function changeNote(
  db: Db,
  def: ClassDef,
  before: Values,
  after: Values,
): Promise<string> {
  const lines: string[] = [];
  for (const p of noteProps(def)) {
    if (SKIPPED.has(p.name)) continue;
    const was = before[p.name];
    const now = after[p.name];
    if (same(was, now)) continue;
    let change: string;
    if (p.type === "Link") {
      const label = (v: unknown) =>
        v == null ? "" : labelOf(db, p.class!, String(v));
      change = `${await label(was)} -> ${await label(now)}`;
    } else if (p.type === "Multilink") {
      change = await multilinkChange(db, p, was, now);
    } else {
      change = `${pyStr(p, was)} -> ${pyStr(p, now)}`;
      if (change.includes("\n")) {
        change = `\nNow:\n${indent(pyStr(p, now))}\nWas:\n${
          indent(pyStr(p, was))
        }`;
      }
    }
    lines.push(`${p.name}: ${change}`);
  }
  return lines.length ? ["", "----------", ...lines].join("\n") : "";
}

/** X-Roundup-<class>-<prop> headers: labels of links to classes with a name (own properties first). */
export async function linkHeaders(
  db: Db,
  cls: string,
  values: Values,
): Promise<Record<string, string>> {
  const def = db.cls(cls).def;
  const base = new Set(["title", "messages", "files", "nosy", "superseder"]);
  const props = [...def.props.values()].filter((p) =>
    (p.type === "Link" || p.type === "Multilink") && !p.automatic &&
    db.cls(p.class!).def.props.has("name")
  );
  const ordered = def.base === "IssueClass"
    ? [
      ...props.filter((p) => !base.has(p.name)),
      ...props.filter((p) => base.has(p.name)),
    ]
    : props;
  const out: Record<string, string> = {};
  for (const p of ordered) {
    const names: string[] = [];
    for (const id of ids(values[p.name])) {
      const v = await db.cls(p.class!).get(id, "name").catch(() => id);
      names.push(String(v ?? id));
    }
    if (names.length) out[`X-Roundup-${cls}-${p.name}`] = names.join(", ");
  }
  return out;
}

// Plain text goes as text, like Roundup's text/plain parts; bytes that are not UTF-8 stay bytes.
function asText(bytes: Uint8Array): string | Uint8Array {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return bytes;
  }
}

/** A file as a nosy mail attachment: text/plain as text with its charset, like Roundup. */
export function fileAttachment(
  name: string,
  type: unknown,
  bytes: Uint8Array,
): { filename: string; contentType: string; content: string | Uint8Array } {
  const contentType = mimeType(name, type);
  const content = contentType === "text/plain" ? asText(bytes) : bytes;
  if (typeof content !== "string") {
    return { filename: name, contentType, content };
  }
  // deno-lint-ignore no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(content);
  return {
    filename: name,
    contentType: `${contentType}; charset=${ascii ? "us-ascii" : "utf-8"}`,
    content,
  };
}
