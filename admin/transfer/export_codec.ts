/**
 * Property values in Roundup's export format (each CSV field is a Python literal), both ways.
 * Writing follows Roundup's anydbm backend: dates as 9-tuples, intervals as 7-tuples, text as
 * escaped UTF-8 bytes. Journal rows are in export_journal.ts.
 */
import {
  type ClassDef,
  InvalidValueError,
  type PropDef,
} from "../../store/mod.ts";
import { parseDate, parseSerialisedDate } from "../../store/date.ts";
import {
  type Interval,
  intervalFromTuple,
  parseInterval,
  parseSerialisedInterval,
} from "../../store/interval.ts";
import {
  fromExportText,
  parsePyLiteral,
  PyTuple,
  type PyValue,
} from "./py_literal.ts";
import { reprFloat, reprText, reprValue } from "./py_repr.ts";
import { quickDate } from "./quick_date.ts";

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
  const d = new Date(ms);
  // Roundup reads seconds with float("05.123"), so print that float, not 5 + 0.123: the
  // shortest repr of seconds with at most three decimals is those digits without trailing zeros.
  const milli = d.getUTCMilliseconds();
  let sec = `${d.getUTCSeconds()}.`;
  if (milli === 0) sec += "0";
  else if (milli % 100 === 0) sec += milli / 100;
  else if (milli % 10 === 0) sec += String(milli / 10).padStart(2, "0");
  else sec += String(milli).padStart(3, "0");
  return `(${d.getUTCFullYear()}, ${
    d.getUTCMonth() + 1
  }, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${sec}, 0, 0, 0)`;
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
  throw new InvalidValueError(what);
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
    if (!(e instanceof InvalidValueError)) throw e;
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
  return intervalFromTuple(n as number[]);
}

export function toId(v: PyValue): string {
  const s = typeof v === "number" ? String(v) : v;
  if (typeof s !== "string" || !ID.test(s)) {
    fail(`expected an item id, got ${show(v)}`);
  }
  return fitId(s);
}

/** Highest id import takes: its tables of ids hold 32-bit numbers. */
const MAX_ID = 2 ** 31 - 1;

function fitId(s: string): string {
  if (s.length > 10 || Number(s) > MAX_ID) {
    fail(`item id ${s} is too large: ids go up to ${MAX_ID}`);
  }
  return s;
}

/** Converts a parsed value to the store's form for property `p`; InvalidValueError when it does not fit. */
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

const QUOTED_ID = /^'[1-9]\d*'$/;
const ID_LIST = /^\['[1-9]\d*'(?:, '[1-9]\d*')*\]$/;

/** Reads one CSV field of an item row for property `p`. */
export function importField(p: PropDef, text: string): unknown {
  // Dates, links and lists of links as Roundup writes them, read without the general parser.
  if (p.type === "Date") {
    const quick = quickDate(text);
    if (quick !== null) return quick;
    const v = parsePyLiteral(text);
    return v === null ? null : toDate(v, text);
  }
  if (p.type === "Link" && QUOTED_ID.test(text)) return text.slice(1, -1);
  if (p.type === "Multilink" && ID_LIST.test(text)) {
    const ids = text.slice(2, -2).split("', '");
    let ordered = true;
    for (let i = 1; i < ids.length && ordered; i++) {
      ordered = Number(ids[i - 1]) < Number(ids[i]);
    }
    if (ordered) return ids;
  }
  return storeValue(p, parsePyLiteral(text));
}

/** Reads the "is retired" field: True/False as Roundup's SQL backends write it, 1/0 as anydbm does. */
export function importRetired(text: string): boolean {
  const v = parsePyLiteral(text);
  if (v === 0 || v === 1 || typeof v === "boolean") return Boolean(v);
  return fail(
    `expected True or False (or 1 or 0) for "is retired", got ${text}`,
  );
}

/** Reads an id field ('12'). */
export function importId(text: string): string {
  if (QUOTED_ID.test(text)) return fitId(text.slice(1, -1));
  return toId(parsePyLiteral(text));
}
