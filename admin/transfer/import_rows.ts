/** Reading the rows of an export's class files, shared by the checking and the writing pass. */
import {
  type ClassDef,
  indexWords,
  InvalidValueError,
  type ItemRecord,
  type PropDef,
  type Values,
} from "../../store/mod.ts";
import { importField, importId, importRetired } from "./export_codec.ts";
import { type CsvRow, ExportFileError } from "./roundup_csv.ts";

/** What each column of a class file holds. */
export type Column = PropDef | "id" | "retired";

/** Content up to this size is kept in the item record; larger content goes in 60,000-byte chunks. */
const IN_RECORD = 16_000;
const INLINE_CONTENT = 240_000;
const CHUNK = 60_000;

/** Maps the header row to columns; unknown or repeated names are errors on line 1. */
export function readHeader(def: ClassDef, file: string, row: CsvRow): Column[] {
  const seen = new Set<string>();
  const cols = row.fields.map((name): Column => {
    const fail = (why: string) => new ExportFileError(file, row.line, why);
    if (seen.has(name)) throw fail(`column "${name}" appears twice`);
    seen.add(name);
    if (name === "id") return "id";
    if (name === "is retired") return "retired";
    if (name === "content" && def.base === "FileClass") {
      throw fail(
        `content of class "${def.name}" is imported from ${def.name}-files, not from a column`,
      );
    }
    const p = def.props.get(name);
    if (!p) throw fail(`class "${def.name}" has no property "${name}"`);
    return p;
  });
  if (!seen.has("id")) {
    throw new ExportFileError(file, row.line, `the header has no "id" column`);
  }
  return cols;
}

/** Decodes one item row (every property present, missing ones empty); errors name file and line. */
export function readItem(
  def: ClassDef,
  cols: Column[],
  file: string,
  row: CsvRow,
): ItemRecord {
  if (row.fields.length !== cols.length) {
    throw new ExportFileError(
      file,
      row.line,
      `expected ${cols.length} fields as in the header, found ${row.fields.length}`,
    );
  }
  let id = "";
  let retired = false;
  const values: Values = {};
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i]!;
    const text = row.fields[i]!;
    try {
      if (col === "id") id = importId(text);
      else if (col === "retired") retired = importRetired(text);
      else values[col.name] = importField(col, text);
    } catch (e) {
      if (!(e instanceof InvalidValueError)) throw e;
      const what = typeof col === "string"
        ? col === "id" ? "id" : '"is retired"'
        : `property "${col.name}"`;
      throw new ExportFileError(
        file,
        row.line,
        `${what}: ${(e as Error).message}`,
        e,
      );
    }
  }
  for (const p of def.props.values()) {
    if (!(p.name in values)) {
      values[p.name] = p.type === "Multilink" ? [] : null;
    }
  }
  return { id, rev: 0, retired, values };
}

/** The text of FileClass content the store adds to the word index (msg always, files if text). */
export function indexedText(
  def: ClassDef,
  values: Values,
  bytes: Uint8Array,
): string | undefined {
  if (!def.props.get("content")?.indexme) return undefined;
  const type = typeof values.type === "string" ? values.type : "";
  if (def.name !== "msg" && type !== "" && !type.startsWith("text/")) {
    return undefined;
  }
  if (def.name !== "msg" && type === "" && bytes.includes(0)) return undefined;
  return new TextDecoder().decode(bytes);
}

/** The writes of an item other than its postings, and the texts it adds to the word index. */
function layout(
  def: ClassDef,
  rec: ItemRecord,
  size: number,
): { writes: number; texts: string[] } {
  let writes = 2;
  const texts: string[] = [];
  for (const p of def.props.values()) {
    const v = rec.values[p.name];
    if (p.type === "Link" && p.name !== "creator" && p.name !== "actor") {
      writes++;
    } else if (p.type === "Multilink") {
      writes += (v as string[] | null)?.length ?? 0;
    } else if (p.type === "Date" && p.automatic) writes++;
    else if (p.type === "String" && typeof v === "string") {
      if (p.indexed && v !== "") writes++;
      if (p.indexme) texts.push(v);
    }
  }
  if (size > IN_RECORD && size <= INLINE_CONTENT) {
    writes += Math.ceil(size / CHUNK);
  }
  return { writes, texts };
}

/**
 * The KV writes one item adds to a commit as the store lays it out: the item, its key, an
 * index entry per Link, Multilink target, automatic date and exact-match String, and the
 * content chunks not kept in the record; plus one posting per distinct word of the commit, so
 * its words are returned for the caller to count against the batch. The writing pass also
 * splits any batch the store still finds too big.
 */
export function itemWrites(
  def: ClassDef,
  rec: ItemRecord,
  o: { content?: string; size?: number } = {},
): { writes: number; words: Set<string> } {
  const { writes, texts } = layout(def, rec, o.size ?? 0);
  const words = new Set<string>();
  for (const t of texts) for (const w of indexWords(t)) words.add(w);
  if (o.content !== undefined) {
    for (const w of indexWords(o.content)) words.add(w);
  }
  return { writes, words };
}

/**
 * At least writesOf() of the item, without reading its words: a word takes two characters and
 * a separator, `size` bytes of content give at most a third as many words.
 */
export function writesBound(def: ClassDef, rec: ItemRecord, size = 0): number {
  const { writes, texts } = layout(def, rec, size);
  let words = Math.floor((size + 1) / 3);
  for (const t of texts) words += Math.floor((t.length + 1) / 3);
  return writes + words;
}

/** All writes of one item committed alone. */
export function writesOf(
  def: ClassDef,
  rec: ItemRecord,
  o: { content?: string; size?: number } = {},
): number {
  const { writes, words } = itemWrites(def, rec, o);
  return writes + words.size;
}
