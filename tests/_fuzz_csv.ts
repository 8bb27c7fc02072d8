/**
 * Malformed rows of a Roundup export for the fuzz test: real rows of the fixture export with
 * fields replaced by broken Python literals, bad dates and ids, wrong field counts and broken
 * CSV quoting.
 */
import { csvLine } from "../admin/transfer/roundup_csv.ts";
import { type Rng, text } from "./_fuzz.ts";

const LITERALS = [
  "'unterminated",
  "unquoted",
  "[1, 2",
  "['1', None]",
  "[1, 2]",
  "['1', '1']",
  "(2026, 13, 45, 25, 61, 61.0, 0, 0, 0)",
  "(2026, 2, 30, 0, 0, 0.0, 0, 0, 0)",
  "(99999, 1, 1, 0, 0, 0, 0, 0, 0)",
  "(2026,)",
  "()",
  "(2026, 1, 1, 0, 0, 'x', 0, 0, 0)",
  "None",
  "1e999",
  "-1",
  "0",
  "'\\x'",
  "'\\u12'",
  "'\\xff\\xfe'",
  "b'bytes'",
  "\"'a'\"",
  "{'a': 1}",
  "{'nosy': (('-', ['4']),)}",
  "{'nosy': (('*', ['4']),)}",
  "{'title': None}",
  "{",
  "True",
  "'9999999999999999999999'",
  "'0'",
  "'-1'",
  "'abc'",
  "'1.5'",
  "''",
  "'<Date 2003-01-01>'",
  "'create'",
  "'set'",
  "'retire'",
  "'nosuchaction'",
  "'link'",
  "('issue', '1', 'nosy')",
  "('issue', '999', 'nosy')",
  "('nosuchclass', '1', 'x')",
  "'{PBKDF2}garbage'",
  "'{nosuch}x'",
  `'${"k".repeat(2000)}'`,
  "2",
  "1",
  "",
];

function field(r: Rng): string {
  return r.chance(0.85)
    ? r.pick(LITERALS)
    : r.pick([`'${text(r, 4).replace(/'/g, "\\'")}'`, text(r, 4)]);
}

/** A row with some fields replaced, dropped or added. */
function mutateFields(r: Rng, fields: string[]): string[] {
  const out = [...fields];
  for (let k = 1 + r.int(2); k > 0; k--) {
    const i = r.int(Math.max(out.length, 1));
    const op = r.int(10);
    if (op < 7) out[i] = field(r);
    else if (op < 8) out.splice(i, 1);
    else if (op < 9) out.splice(i, 0, field(r));
    else out[i] = `${out[i] ?? ""}${field(r)}`;
  }
  return out;
}

/** Breaks the CSV text of a line itself: quotes, line ends, NULs, truncation. */
function mutateLine(r: Rng, line: string): string {
  const at = r.int(line.length + 1);
  return r.pick([
    () => line.slice(0, at) + '"' + line.slice(at),
    () => line.slice(0, at) + "\n",
    () => line.slice(0, at) + "\r" + line.slice(at),
    () => line.slice(0, at) + "\u0000" + line.slice(at),
    () => line.slice(0, at) + '"x"y' + line.slice(at),
    () => line.replace(/:/g, ";"),
    () => line.replace(/\n$/, "") + ":\n",
    () => "\n\n" + line,
    () => line.slice(0, at) + "\ufffd\ud800" + line.slice(at),
  ])();
}

/** A header row with a column renamed, repeated or dropped (now and then). */
export function mutateHeader(r: Rng, header: string[]): string[] {
  if (!r.chance(0.05)) return header;
  const out = [...header];
  const i = r.int(out.length);
  const op = r.int(3);
  if (op === 0) out[i] = r.pick(["nosuch", "content", "id", "", "is retired"]);
  else if (op === 1) out.splice(i, 1);
  else out.push(out[i]!);
  return out;
}

/** One malformed row of a class or journal file, as file text (one line, or a few). */
export function mutateRow(r: Rng, fields: string[]): string {
  const line = csvLine(r.chance(0.85) ? mutateFields(r, fields) : fields);
  return r.chance(0.2) ? mutateLine(r, line) : line;
}
