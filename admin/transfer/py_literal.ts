/**
 * The Python literals of Roundup's export files: values are written with Python 2 style repr()
 * (text as escaped UTF-8 bytes) and read back with ast.literal_eval. This module reads that
 * subset: None, True, False, numbers, strings, lists, tuples and dicts; py_repr.ts writes it.
 */
import { InvalidValueError } from "../../store/mod.ts";

/** A Python tuple (a list is a plain array). */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/** A Python dict, keys in file order. */
export class PyDict {
  constructor(readonly entries: Array<[PyValue, PyValue]>) {}
}

export type PyValue =
  | null
  | boolean
  | number
  | string
  | PyValue[]
  | PyTuple
  | PyDict;

const PLAIN_QUOTED = /^'[^'\\]*'$/;
const STRING_PREFIX = /^[bBuUrR]$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[lL]?$/;
const TOKEN_NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[lL]?/y;
const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\n": "",
};

/** Lists of plain strings and tuples of two or more, as repr() writes them (", " between items). */
const PLAIN_LIST = /^\[(?:'[^'\\]*'(?:, '[^'\\]*')*)?\]$/;
const PLAIN_TUPLE = /^\('[^'\\]*'(?:, '[^'\\]*')+\)$/;

/** Parses one Python literal as ast.literal_eval does; InvalidValueError on anything else. */
export function parsePyLiteral(text: string): PyValue {
  // The common shapes of export files, read without the general parser.
  const c = text[0];
  if (c === "'" && PLAIN_QUOTED.test(text)) return text.slice(1, -1);
  if (c === "[" && PLAIN_LIST.test(text)) {
    return text === "[]" ? [] : text.slice(2, -2).split("', '");
  }
  if (c === "(" && PLAIN_TUPLE.test(text)) {
    return new PyTuple(text.slice(2, -2).split("', '"));
  }
  if (text === "{}") return new PyDict([]);
  if (text === "None") return null;
  if (NUMBER.test(text)) return Number(text.replace(/[lL]$/, ""));
  const p = new Parser(text);
  const v = p.value();
  p.skipSpace();
  if (p.at < text.length) p.fail("unexpected text after the value");
  return v;
}

class Parser {
  at = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new InvalidValueError(
      `Cannot read ${JSON.stringify(this.s)} as a Python value: ${what}`,
    );
  }

  skipSpace(): void {
    for (
      let c = this.s.charCodeAt(this.at);
      c === 32 || (c >= 9 && c <= 13);
      c = this.s.charCodeAt(this.at)
    ) {
      this.at++;
    }
  }

  value(): PyValue {
    this.skipSpace();
    const c = this.s[this.at];
    if (c === undefined) this.fail("it ends too early");
    if (c === "[") return this.sequence("]");
    if (c === "(") {
      const { items, comma } = this.items(")");
      return items.length === 1 && !comma ? items[0]! : new PyTuple(items);
    }
    if (c === "{") return this.dict();
    if (c === "'" || c === '"' || STRING_PREFIX.test(c)) return this.string();
    for (
      const [word, v] of [["None", null], ["True", true], [
        "False",
        false,
      ]] as const
    ) {
      if (this.s.startsWith(word, this.at)) {
        this.at += word.length;
        return v;
      }
    }
    TOKEN_NUMBER.lastIndex = this.at;
    const m = TOKEN_NUMBER.exec(this.s);
    if (!m) this.fail(`unexpected "${c}" at position ${this.at + 1}`);
    this.at += m[0].length;
    return Number(m[0].replace(/[lL]$/, ""));
  }

  items(close: string): { items: PyValue[]; comma: boolean } {
    this.at++;
    const items: PyValue[] = [];
    let comma = false;
    for (;;) {
      this.skipSpace();
      if (this.s[this.at] === close) break;
      items.push(this.value());
      this.skipSpace();
      comma = this.s[this.at] === ",";
      if (comma) this.at++;
      else if (this.s[this.at] !== close) {
        this.fail(`expected "," or "${close}"`);
      }
    }
    this.at++;
    return { items, comma };
  }

  sequence(close: string): PyValue[] {
    return this.items(close).items;
  }

  dict(): PyDict {
    this.at++;
    const entries: Array<[PyValue, PyValue]> = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.at] === "}") break;
      const k = this.value();
      this.skipSpace();
      if (this.s[this.at++] !== ":") this.fail('expected ":" after a dict key');
      entries.push([k, this.value()]);
      this.skipSpace();
      if (this.s[this.at] === ",") this.at++;
      else if (this.s[this.at] !== "}") this.fail('expected "," or "}"');
    }
    this.at++;
    return new PyDict(entries);
  }

  string(): string {
    let raw = false;
    let bytes = false;
    while (/[bBuUrR]/.test(this.s[this.at] ?? "")) {
      const c = this.s[this.at++]!.toLowerCase();
      if (c === "r") raw = true;
      if (c === "b") bytes = true;
    }
    const q = this.s[this.at++];
    if (q !== "'" && q !== '"') this.fail("expected a quote");
    let out = "";
    for (;;) {
      const c = this.s[this.at++];
      if (c === undefined) this.fail("the string has no closing quote");
      if (c === q) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.s[this.at++] ?? "";
      if (raw) out += "\\" + e;
      else out += this.escape(e, bytes);
    }
  }

  escape(e: string, bytes: boolean): string {
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    const hex = (n: number) => {
      const h = this.s.slice(this.at, this.at + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) {
        this.fail(`bad escape "\\${e}${h}"`);
      }
      this.at += n;
      return String.fromCodePoint(parseInt(h, 16));
    };
    if (e === "x") return hex(2);
    if (e === "u" && !bytes) return hex(4);
    if (e === "U" && !bytes) return hex(8);
    if (/[0-7]/.test(e)) {
      let oct = e;
      while (oct.length < 3 && /[0-7]/.test(this.s[this.at] ?? "")) {
        oct += this.s[this.at++];
      }
      return String.fromCharCode(parseInt(oct, 8) & 0xff);
    }
    return "\\" + e;
  }
}

/**
 * Roundup's import step after literal_eval: text written as escaped UTF-8 bytes is decoded.
 * Text that is not valid UTF-8 (old Latin-1 exports) is kept as Latin-1.
 */
export function fromExportText(s: string): string {
  if (!HIGH_BYTE.test(s) || WIDE_CHAR.test(s)) return s;
  const bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return s;
  }
}

const HIGH_BYTE = /[\x80-\xff]/;
const WIDE_CHAR = /[\u0100-\uffff]/;
