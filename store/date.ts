// Dates are ms since the epoch, UTC, as Roundup's Date always holds UTC
// fields; a timezone is used only to read and to show them.
import { InvalidValueError } from "./errors.ts";
import {
  addInterval,
  type DateFields,
  daysInMonth,
  fieldsFromMs,
  type Interval,
  msFromFields,
  readIntervalSpec,
  tupleNumbers,
  utcFromWallClock,
  wallClock,
  ZERO_INTERVAL,
} from "./calendar.ts";

export {
  type DateFields,
  daysInMonth,
  fieldsFromMs,
  msFromFields,
  tupleNumbers,
  tzOffset,
  utcFromWallClock,
  wallClock,
} from "./calendar.ts";

/** The current time (ms since the epoch, UTC) and the user's timezone. */
export interface DateContext {
  now: number;
  tz?: string | number;
}

/** The finest unit a date names; a plain-date search covers one of it. */
export type DatePrecision = "second" | "minute" | "day" | "month" | "year";

/** A parsed date and the precision its text gave it. */
export interface ParsedDate {
  ms: number;
  precision: DatePrecision | null;
}

const MIN_MS = -62_135_596_800_000; // 0001-01-01.00:00:00
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const EXPECTED = "expected a date like 2000-06-24.13:03:59, 2000-04-17, " +
  '01-25, 14:25, "." or an interval like -2d';
// Roundup's grammar: [yyyy[-mm[-dd]] | mm-dd][. or T][H:MM[:SS]] followed by
// either a zone like "-0500" or an interval like " + 1m 2d".
const DATE_SPEC =
  /^(?:(?<y>\d{4})(?:[/-](?<m>\d\d?)(?:[/-](?<d>\d\d?))?)?|(?<a>\d\d?)[/-](?<b>\d\d?))?(?<n>[.T])?(?:(?:(?<H>\d?\d):(?<M>\d\d))?(?::(?<S>\d\d?(?:\.\d+)?))?)?(?:(?<z>\s?[+-]\d{4})|(?<o>[\d\smywd+-]+))?$/;
const SERIALISED = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d?)(?:\.(\d+))?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Formats a date as "2000-06-24.13:03:59" on a timezone's wall clock. */
export function formatDate(ms: number, tz?: string | number): string {
  const f = fieldsFromMs(wallClock(ms, tz));
  const date = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
  return `${date}.${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
}

/** Roundup's storage form of a date in UTC: "20000624130359.000". */
export function serialiseDate(ms: number): string {
  const f = fieldsFromMs(ms);
  const date = `${pad(f.year, 4)}${pad(f.month)}${pad(f.day)}`;
  return `${date}${pad(f.hour)}${pad(f.minute)}${pad(f.second)}.${
    pad(f.ms, 3)
  }`;
}

/** Reads Roundup's storage form of a date: yyyymmddHHMMSS, optionally .sss. */
export function parseSerialisedDate(s: string): number {
  const m = SERIALISED.exec(s.trim());
  if (!m) {
    throw new InvalidValueError(
      `Cannot parse serialised date "${s}": expected yyyymmddHHMMSS.sss, like 20000624130359.000`,
    );
  }
  return checked(s, fieldsOf(m.slice(1)));
}

function fractionMs(digits = ""): number {
  return Number(digits.padEnd(3, "0").slice(0, 3));
}

function fieldsOf(g: Array<string | undefined>): DateFields {
  const [year, month, day, hour, minute, second] = g.map(Number) as Six;
  return { year, month, day, hour, minute, second, ms: fractionMs(g[6]) };
}

type Six = [number, number, number, number, number, number];

// Checks fields read from text and converts them from the zone to UTC.
function checked(text: string, f: DateFields, tz?: string | number): number {
  const fail = (what: string) => {
    throw new InvalidValueError(`Cannot parse date "${text}": ${what}`);
  };
  if (f.year < 1) fail(`year ${f.year} is out of range`);
  if (f.month < 1 || f.month > 12) fail(`month ${f.month} is out of range`);
  if (f.day < 1 || f.day > daysInMonth(f.year, f.month)) {
    fail(`day ${f.day} is out of range for ${pad(f.year, 4)}-${pad(f.month)}`);
  }
  if (f.hour > 23) fail(`hour ${f.hour} is out of range`);
  if (f.minute > 59) fail(`minute ${f.minute} is out of range`);
  if (f.second > 59) fail(`second ${f.second} is out of range`);
  return inYears(text, utcFromWallClock(msFromFields(f), tz));
}

function inYears(text: string, ms: number): number {
  if (ms >= MIN_MS && ms <= MAX_MS) return ms;
  throw new InvalidValueError(
    `Cannot parse date "${text}": the date is outside the years 1 to 9999`,
  );
}

/** Parses a date as Roundup does (see parseDateWithPrecision) to ms, UTC. */
export function parseDate(text: string, ctx: DateContext): number {
  return parseDateWithPrecision(text, ctx).ms;
}

/**
 * Parses any date Roundup accepts: "2000-06-24.13:03:59[.sss]", "2000-04-17",
 * "2003-04", "2003", "01-25", "2000-04-17.03:45", "14:25", "8:47:11", "." for
 * now; any of these followed by an interval ("2003-02-10 + 1m", ". -2d") or a
 * zone ("2000-04-17-0500"); an interval alone ("-2m" is two months ago); and
 * the serialised "20030210123456.123". Times are read in `ctx.tz`; a missing
 * date part comes from the UTC date of `ctx.now`, as in Roundup. Also returns
 * the finest unit the text names, which a plain-date search covers.
 */
export function parseDateWithPrecision(
  text: string,
  ctx: DateContext,
): ParsedDate {
  const spec = text.trim();
  const serial = SERIALISED.exec(spec);
  if (serial) {
    return {
      ms: checked(text, fieldsOf(serial.slice(1))),
      precision: "second",
    };
  }
  const g = spec ? DATE_SPEC.exec(spec)?.groups : undefined;
  if (!g) {
    throw new InvalidValueError(`Cannot parse date "${text}": ${EXPECTED}`);
  }
  let f = fieldsFromMs(ctx.now);
  const local = g.y !== undefined || g.a !== undefined || g.M !== undefined;
  if (g.y !== undefined || g.a !== undefined) {
    const [month, day] = [Number(g.m ?? g.a ?? 1), Number(g.d ?? g.b ?? 1)];
    f = { year: Number(g.y ?? f.year), month, day, ...MIDNIGHT };
  }
  if (g.M !== undefined) {
    const [second, frac] = (g.S ?? "0").split(".");
    const clock = { hour: +g.H!, minute: +g.M, second: +second! };
    f = { ...f, ...clock, ms: fractionMs(frac) };
  }
  let ms = local ? checked(text, f, g.z ? 0 : ctx.tz) : ctx.now;
  for (const step of g.o ? offsetSteps(text, g.o) : []) {
    ms = addInterval(ms, step);
  }
  if (g.z) {
    const z = g.z.trim();
    const [hours, minutes] = [+z.slice(1, 3), +z.slice(3)];
    const sign = z.startsWith("-") ? 1 : -1;
    ms = addInterval(ms, { ...ZERO_INTERVAL, sign, hours, minutes });
  }
  return { ms: inYears(text, ms), precision: precisionOf(g) };
}

const MIDNIGHT = { hour: 0, minute: 0, second: 0, ms: 0 };
/**
 * The intervals an offset like " + 1m 2d" adds, in order. Beyond Roundup's
 * single interval, a sign may follow the operator ("+ -2m 1d" is "- 2m 1d")
 * and a part may carry its own sign ("+ 2m -1d" adds 2 months, then takes a
 * day off): each sign covers the parts up to the next one. Roundup silently
 * ignores such parts, which gives a wrong date without a word.
 */
function offsetSteps(text: string, spec: string): Interval[] {
  const fail = () =>
    new InvalidValueError(`Cannot parse date "${text}": ${EXPECTED}`);
  const whole = readIntervalSpec(spec);
  if (whole) {
    if (whole.date !== undefined) throw fail();
    return [whole.iv];
  }
  const steps: Interval[] = [];
  let sign: 1 | -1 = 1;
  let pending = false;
  for (const token of spec.split(/(?=[+-])/)) {
    const t = token.trim();
    if (!t) continue;
    const signed = t[0] === "+" || t[0] === "-";
    if (t[0] === "-") sign = sign === 1 ? -1 : 1;
    const body = signed ? t.slice(1).trim() : t;
    if (!body) {
      pending = true;
      continue;
    }
    const part = /^\d/.test(body) ? readIntervalSpec(body) : undefined;
    if (!part || part.date !== undefined) throw fail();
    steps.push({ ...part.iv, sign });
    [sign, pending] = [1, false];
  }
  if (pending || steps.length === 0) throw fail();
  return steps;
}

function precisionOf(g: Record<string, string | undefined>) {
  if (g.S !== undefined) return "second";
  if (g.M !== undefined) return "minute";
  // Roundup finds no period in "01-25" and skips the search; a day is meant.
  if (g.d !== undefined || g.b !== undefined) return "day";
  if (g.m !== undefined) return "month";
  return g.y !== undefined ? "year" : null;
}

/** Roundup's export form of a date, "(2000, 6, 24, 13, 3, 59.5, 0, 0, 0)". */
export function exportDate(ms: number): string {
  const f = fieldsFromMs(ms);
  const s = f.ms ? String(f.second + f.ms / 1000) : `${f.second}.0`;
  return `(${f.year}, ${f.month}, ${f.day}, ${f.hour}, ${f.minute}, ${s}, 0, 0, 0)`;
}

/** Reads a date from Roundup's export form, a 9-tuple of UTC fields. */
export function importDate(s: string): number {
  const n = tupleNumbers(s);
  if (n?.length !== 9) {
    throw new InvalidValueError(
      `Cannot import date "${s}": expected a tuple like (2000, 6, 24, 13, 3, 59.0, 0, 0, 0)`,
    );
  }
  const [year, month, day, hour, minute, sec] = n as Six;
  const second = Math.floor(Math.min(sec, 59.999));
  const ms = Math.min(Math.round((sec - second) * 1000), 999);
  return checked(s, { year, month, day, hour, minute, second, ms });
}
