/**
 * Writing the Python literals of Roundup's export files, as Python's repr() does: text as the
 * repr of its UTF-8 bytes (repr_export), floats in Python's shortest form, and lists, tuples and
 * dicts of them. py_literal.ts reads them back.
 */
import { PyTuple, type PyValue } from "./py_literal.ts";

const SAFE_TEXT = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** repr_export() of text: the repr of its UTF-8 bytes without the b prefix, e.g. 'Zo\xc3\xab'. */
export function reprText(s: string): string {
  if (SAFE_TEXT.test(s)) return `'${s}'`;
  const bytes = new TextEncoder().encode(s);
  const q = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = q;
  for (const b of bytes) {
    if (b === 0x5c) out += "\\\\";
    else if (b === q.charCodeAt(0)) out += "\\" + q;
    else if (b === 0x09) out += "\\t";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b < 0x20 || b >= 0x7f) {
      out += "\\x" + b.toString(16).padStart(2, "0");
    } else out += String.fromCharCode(b);
  }
  return out + q;
}

/** Python 3 repr() of a str (used inside lists and tuples). */
export function reprStr(s: string): string {
  if (SAFE_TEXT.test(s)) return `'${s}'`;
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += "\\" + q;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch !== " " && NON_PRINTABLE.test(ch)) {
      if (cp < 0x100) out += "\\x" + cp.toString(16).padStart(2, "0");
      else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += "\\U" + cp.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return out + q;
}

/** Python repr() of a float: 5.0, 2.5, 1e-05, 1.2345678901234568e+17. */
export function reprFloat(n: number): string {
  if (!Number.isFinite(n)) {
    throw new RangeError(`Cannot export the number ${n}: it is not finite`);
  }
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const [mant, expText] = n.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) body = "0." + "0".repeat(-exp - 1) + digits;
    else if (digits.length > exp + 1) {
      body = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
    } else body = digits + "0".repeat(exp + 1 - digits.length) + ".0";
  } else {
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    const e = Math.abs(exp).toString().padStart(2, "0");
    body = `${m}e${exp < 0 ? "-" : "+"}${e}`;
  }
  return (neg ? "-" : "") + body;
}

/** repr() of a list, tuple or dict of strings, numbers and None (strings as Python 3 str). */
export function reprValue(v: PyValue): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") {
    // Python's repr of the values 1e999 and the like read as (reprFloat refuses to write them).
    if (!Number.isFinite(v)) {
      return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
    return Number.isInteger(v) ? String(v) : reprFloat(v);
  }
  if (typeof v === "string") return reprStr(v);
  if (Array.isArray(v)) return `[${v.map(reprValue).join(", ")}]`;
  if (v instanceof PyTuple) {
    const inner = v.items.map(reprValue).join(", ");
    return v.items.length === 1 ? `(${inner},)` : `(${inner})`;
  }
  return `{${
    v.entries.map(([k, x]) => `${reprValue(k)}: ${reprValue(x)}`).join(", ")
  }}`;
}
