/**
 * Property values in Roundup's export format (each CSV field is a Python literal), both ways.
 * Writing follows Roundup's anydbm backend: dates as 9-tuples, intervals as 7-tuples, text as
 * escaped UTF-8 bytes. Journal rows are in export_journal.ts.
 */
import type { ClassDef, PropDef } from "../store/mod.ts";
import { fieldsFromMs, parseDate, parseSerialisedDate } from "../store/date.ts";
import {
  type Interval,
  parseInterval,
  parseSerialisedInterval,
} from "../store/interval.ts";
import {
  fromExportText,
  parsePyLiteral,
  PyTuple,
  type PyValue,
  reprFloat,
  reprText,
  reprValue,
} from "./py_literal.ts";

const ID = /^[1-9]\d*$/;
const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The CSV columns of a class, as Roundup's export_propnames(): sorted, with "id", no "content". */
export function exportPropnames(cls: ClassDef): string[] {
  const names = [...cls.props.keys(), "id"];
  return names.filter((n) => !(n === "content" && cls.base === "FileClass"))
    .sort();
}

/** Where export puts a FileClass item's content: msg-files/0/msg12 (a folder per 1000 ids). */
export function contentPath(cls: string, id: string): string {
  return `${cls}-files/${Math.floor(Number(id) / 1000)}/${cls}${id}`;
}

/** Date.get_tuple() as Python prints it: (2024, 1, 2, 3, 4, 5.123, 0, 0, 0). */
export function dateTuple(ms: number): string {
  const f = fieldsFromMs(ms);
  // Roundup reads seconds with float("05.123"), so print that float, not 5 + 0.123.
  const sec = reprFloat(Number(`${f.second}.${String(f.ms).padStart(3, "0")}`));
  return `(${f.year}, ${f.month}, ${f.day}, ${f.hour}, ${f.minute}, ${sec}, 0, 0, 0)`;
}

function intervalTuple(iv: Interval): string {
  const { sign, years, months, days, hours, minutes, seconds } = iv;
  return `(${[sign, years, months, days, hours, minutes, seconds].join(", ")})`;
}

/** One CSV field of an item row. */
export function exportField(p: PropDef, v: unknown): string {
  if (v == null) return p.type === "Multilink" ? "[]" : "None";
  switch (p.type) {
    case "Date":
      return dateTuple(v as number);
    case "Interval":
      return intervalTuple(v as Interval);
    case "Multilink":
      return reprValue(v as string[]);
    case "Number":
      return reprFloat(v as number);
    case "Integer":
      return String(v);
    case "Boolean":
      return v ? "True" : "False";
    default:
      return reprText(String(v));
  }
}

export function fail(what: string): never {
  throw new SyntaxError(what);
}

export function show(v: PyValue): string {
  return typeof v === "string" ? reprText(v) : reprValue(v);
}

export function toDate(v: PyValue, raw?: string): number {
  if (typeof v === "string") {
    const s = fromExportText(v);
    return /^\d{14}/.test(s)
      ? parseSerialisedDate(s)
      : parseDate(s, { now: 0, tz: 0 });
  }
  const n = v instanceof PyTuple ? v.items : null;
  if (n?.length !== 9 || !n.every((x) => typeof x === "number")) {
    fail(
      `expected a date like (2024, 1, 2, 3, 4, 5.0, 0, 0, 0), got ${
        raw ?? show(v)
      }`,
    );
  }
  const [y, mo, d, h, mi, s] = n as number[];
  const sec = Math.min(s!, 59.999);
  const ms = Math.min(Math.round((sec - Math.floor(sec)) * 1000), 999);
  const p2 = (x: number) => String(x).padStart(2, "0");
  const serial = `${String(y).padStart(4, "0")}${p2(mo!)}${p2(d!)}${p2(h!)}${
    p2(mi!)
  }${p2(Math.floor(sec))}.${String(ms).padStart(3, "0")}`;
  try {
    return parseSerialisedDate(serial);
  } catch (e) {
    return fail(
      `bad date ${raw ?? show(v)}: ${
        (e as Error).message.replace(/^Cannot parse date "[^"]*": /, "")
      }`,
    );
  }
}

function toInterval(v: PyValue): Interval {
  if (typeof v === "string") {
    const s = fromExportText(v);
    return /^[+-]\d{14}$/.test(s)
      ? parseSerialisedInterval(s)
      : parseInterval(s);
  }
  const n = v instanceof PyTuple ? v.items : null;
  if (
    n?.length !== 7 ||
    !n.every((x) => typeof x === "number" && Number.isInteger(x)) ||
    Math.abs(n[0] as number) !== 1
  ) {
    fail(`expected an interval like (1, 0, 0, 1, 2, 50, 0), got ${show(v)}`);
  }
  const [sign, years, months, days, hours, minutes, seconds] = n as number[];
  return {
    sign: sign === -1 ? -1 : 1,
    years: years!,
    months: months!,
    days: days!,
    hours: hours!,
    minutes: minutes!,
    seconds: seconds!,
  };
}

export function toId(v: PyValue): string {
  const s = typeof v === "number" ? String(v) : v;
  if (typeof s !== "string" || !ID.test(s)) {
    fail(`expected an item id, got ${show(v)}`);
  }
  return s;
}

/** Converts a parsed value to the store's form for property `p`; SyntaxError when it does not fit. */
export function storeValue(p: PropDef, v: PyValue): unknown {
  if (v === null) return p.type === "Multilink" ? [] : null;
  switch (p.type) {
    case "String":
    case "Password":
      if (typeof v !== "string") fail(`expected text, got ${show(v)}`);
      return fromExportText(v);
    case "Number":
    case "Integer": {
      // Roundup's anydbm backend stores whatever it is given: classic's initial data
      // writes the priority and status order as text ('1').
      const n = typeof v === "string" && NUMERIC.test(v) ? Number(v) : v;
      if (
        typeof n !== "number" || (p.type === "Integer" && !Number.isInteger(n))
      ) {
        fail(
          `expected ${p.type === "Number" ? "a number" : "an integer"}, got ${
            show(v)
          }`,
        );
      }
      return n;
    }
    case "Boolean":
      if (typeof v === "boolean") return v;
      if (v === 0 || v === 1) return v === 1;
      return fail(`expected True or False, got ${show(v)}`);
    case "Date":
      return toDate(v);
    case "Interval":
      return toInterval(v);
    case "Link":
      return toId(v);
    case "Multilink": {
      const items = Array.isArray(v)
        ? v
        : v instanceof PyTuple
        ? v.items
        : null;
      if (!items) fail(`expected a list of item ids, got ${show(v)}`);
      return [...new Set(items.map(toId))].sort((a, b) =>
        Number(a) - Number(b)
      );
    }
  }
}

const DATE_TUPLE =
  /^\((\d{1,4}), (\d{1,2}), (\d{1,2}), (\d{1,2}), (\d{1,2}), (\d{1,2})(?:\.(\d{1,3}))?, 0, 0, 0\)$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The common date tuple as Roundup writes it, read without the general parser; null otherwise. */
export function quickDate(text: string): number | null {
  const m = DATE_TUPLE.exec(text);
  if (!m) return null;
  const y = +m[1]!,
    mo = +m[2]!,
    d = +m[3]!,
    h = +m[4]!,
    mi = +m[5]!,
    s = +m[6]!;
  const ms = m[7] ? +m[7].padEnd(3, "0") : 0;
  if (
    y < 100 || mo < 1 || mo > 12 || d < 1 || d > DAYS[mo - 1]! || h > 23 ||
    mi > 59 || s > 59
  ) return null;
  if (
    mo === 2 && d === 29 && (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0))
  ) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** Reads one CSV field of an item row for property `p`. */
export function importField(p: PropDef, text: string): unknown {
  if (p.type === "Date") {
    const quick = quickDate(text);
    if (quick !== null) return quick;
    const v = parsePyLiteral(text);
    return v === null ? null : toDate(v, text);
  }
  return storeValue(p, parsePyLiteral(text));
}

/** Reads the "is retired" field (0/1, True/False). */
export function importRetired(text: string): boolean {
  const v = parsePyLiteral(text);
  if (v === 0 || v === 1 || typeof v === "boolean") return Boolean(v);
  return fail(`expected 0 or 1 for "is retired", got ${text}`);
}

/** Reads an id field ('12'). */
export function importId(text: string): string {
  return toId(parsePyLiteral(text));
}
