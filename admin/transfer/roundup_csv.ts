/**
 * Roundup's export files: Python's csv "excel" dialect with ":" as delimiter and "\n" line ends.
 * Rows are read a chunk of the file at a time (with the line each ends on, for error messages)
 * and written in buffered batches.
 *
 * Reading takes a fast path for the rows Python's writer produces (quotes only around whole
 * fields, no empty lines, no "\r"); any chunk with something else is handed to csv-parse, which
 * then decides what it means or which error to report. Writing quotes a field exactly when
 * csv-stringify would (it holds '"', ":" or "\n").
 */
import { parse } from "csv-parse/sync";
import { basename } from "node:path";
import { InvalidValueError } from "../../store/mod.ts";

/** One parsed row and the line of the file it ends on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** An error in an export file: its message names the file and line. */
export class ExportFileError extends InvalidValueError {
  override name = "ExportFileError";
  constructor(file: string, line: number, detail: string, cause?: unknown) {
    super(`${basename(file)} line ${line}: ${detail}`, { cause });
  }

  /** The same error again from its message (as posted back by a worker). */
  static withMessage(message: string): ExportFileError {
    const e = new ExportFileError("", 0, "");
    e.message = message;
    return e;
  }
}

/** How csv-parse reads Roundup's export files (Python's csv module with ":" as delimiter). */
export const PARSE_OPTIONS = {
  delimiter: ":",
  quote: '"',
  escape: '"',
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  info: true,
} as const;
/** Bytes read at once; rows are parsed a chunk at a time, so memory stays bounded. */
const CHUNK_BYTES = 1 << 20;

/**
 * Streams the rows of a colon-separated file in batches (one per chunk of the file); malformed
 * CSV throws ExportFileError naming the line.
 */
export async function* readCsv(path: string): AsyncGenerator<CsvRow[]> {
  using file = await Deno.open(path);
  const decoder = new TextDecoder();
  const buf = new Uint8Array(CHUNK_BYTES);
  let pending = "";
  let lines = 0;
  for (;;) {
    const n = await file.read(buf);
    const done = n === null;
    pending += done
      ? decoder.decode()
      : decoder.decode(buf.subarray(0, n), { stream: true });
    const cut = done ? pending.length : recordBoundary(pending);
    if (cut > 0) {
      const text = pending.slice(0, cut);
      pending = pending.slice(cut);
      yield parseChunk(path, text, lines);
      lines += countLines(text);
    }
    if (done) return;
  }
}

/** The end of the last complete record: after a newline outside quotes (quotes pair up). */
function recordBoundary(text: string): number {
  let quotes = 0;
  let cut = 0;
  let q = text.indexOf('"');
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", nl + 1)) {
    while (q >= 0 && q < nl) {
      quotes++;
      q = text.indexOf('"', q + 1);
    }
    if (quotes % 2 === 0) cut = nl + 1;
  }
  return cut;
}

function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) {
    n++;
  }
  return n;
}

function parseChunk(path: string, text: string, before: number): CsvRow[] {
  return parseSimple(text, before) ?? parseGeneral(path, text, before);
}

const QUOTE = 34;
const COLON = 58;
const NEWLINE = 10;

/**
 * Rows of a chunk in the shape Python's csv writer gives them, as csv-parse would return them;
 * null at the first thing outside that shape (the caller then uses csv-parse).
 */
export function parseSimple(text: string, before: number): CsvRow[] | null {
  if (text.includes("\r")) return null;
  const rows: CsvRow[] = [];
  const n = text.length;
  let line = before + 1;
  let i = 0;
  while (i < n) {
    const fields: string[] = [];
    for (;;) {
      let c = text.charCodeAt(i);
      if (c === QUOTE) {
        let value = "";
        let start = i + 1;
        for (;;) {
          const q = text.indexOf('"', start);
          if (q < 0) return null;
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(start, q + 1);
            start = q + 2;
            continue;
          }
          value += text.slice(start, q);
          for (let nl = text.indexOf("\n", i); nl >= 0 && nl < q;) {
            line++;
            nl = text.indexOf("\n", nl + 1);
          }
          i = q + 1;
          break;
        }
        fields.push(value);
        c = text.charCodeAt(i);
      } else {
        const start = i;
        while (i < n && c !== COLON && c !== NEWLINE) {
          if (c === QUOTE) return null;
          c = text.charCodeAt(++i);
        }
        // An empty line is skipped by csv-parse; leave that to it.
        if (i === start && fields.length === 0 && c !== COLON) return null;
        fields.push(text.slice(start, i));
      }
      if (c === COLON) {
        i++;
        continue;
      }
      if (c === NEWLINE || i >= n) break;
      return null;
    }
    rows.push({ fields, line });
    i++;
    line++;
  }
  return rows;
}

function parseGeneral(path: string, text: string, before: number): CsvRow[] {
  try {
    const rows = parse(text, PARSE_OPTIONS) as unknown as Array<
      { record: string[]; info: { lines: number } }
    >;
    return rows.map((r) => ({ fields: r.record, line: before + r.info.lines }));
  } catch (e) {
    const line = before + ((e as { lines?: number }).lines ?? 1);
    const message = (e as Error).message.replace(/ at line \d+$/, "");
    throw new ExportFileError(path, line, `malformed CSV: ${message}`, e);
  }
}

const ENCODER = new TextEncoder();
const FLUSH_AT = 1 << 18;

/** Writes rows in Python's csv format, buffering them into large writes. */
export class CsvWriter {
  #file: Deno.FsFile;
  #rows: string[] = [];
  #size = 0;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** Creates (or truncates) the file. */
  static async create(path: string): Promise<CsvWriter> {
    return new CsvWriter(
      await Deno.open(path, { write: true, create: true, truncate: true }),
    );
  }

  async write(fields: string[]): Promise<void> {
    this.add(fields);
    if (this.full) await this.flush();
  }

  /** Buffers a row; call flush() once `full` says so. */
  add(fields: string[]): void {
    const line = csvLine(fields);
    this.#rows.push(line);
    this.#size += line.length;
  }

  /** True when the buffered rows should be written out. */
  get full(): boolean {
    return this.#size >= FLUSH_AT;
  }

  async flush(): Promise<void> {
    if (this.#rows.length === 0) return;
    const text = this.#rows.join("");
    this.#rows = [];
    this.#size = 0;
    const bytes = ENCODER.encode(text);
    for (let at = 0; at < bytes.length;) {
      at += await this.#file.write(bytes.subarray(at));
    }
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.#file.close();
    }
  }
}

const NEEDS_QUOTES = /[":\n]/;

/** One row as csv-stringify writes it with ":" and "\n": fields holding '"', ":" or "\n" quoted. */
export function csvLine(fields: string[]): string {
  let out = "";
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) out += ":";
    out += NEEDS_QUOTES.test(f) ? `"${f.replaceAll('"', '""')}"` : f;
  }
  return out + "\n";
}
