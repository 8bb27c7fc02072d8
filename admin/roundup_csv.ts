/**
 * Roundup's export files: Python's csv "excel" dialect with ":" as delimiter and "\n" line ends.
 * Rows are read a chunk of the file at a time (with the line each ends on, for error messages)
 * and written in buffered batches.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { basename } from "node:path";

/** One parsed row and the line of the file it ends on. */
export interface CsvRow {
  fields: string[];
  line: number;
}

/** An error in an export file: its message names the file and line. */
export class ExportFileError extends SyntaxError {
  override name = "ExportFileError";
  constructor(file: string, line: number, detail: string, cause?: unknown) {
    super(`${basename(file)} line ${line}: ${detail}`, { cause });
  }
}

const PARSE_OPTIONS = {
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
  #rows: string[][] = [];
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
    this.#rows.push(fields);
    for (const f of fields) this.#size += f.length + 1;
    if (this.#size >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#rows.length === 0) return;
    const text = stringify(this.#rows, {
      delimiter: ":",
      record_delimiter: "\n",
    });
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
