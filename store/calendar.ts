// Calendar helpers shared by date.ts and interval.ts: calendar fields, time
// zones, interval arithmetic and the interval grammar. Dates are ms since the
// epoch, UTC, as Roundup's Date always holds UTC fields.
import { InvalidValueError } from "./errors.ts";

/** Calendar fields of an instant, in UTC or on a zone's wall clock. */
export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** A signed interval of calendar and clock fields, each as Roundup keeps it. */
export interface Interval {
  sign: 1 | -1;
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** The empty interval, "00:00". */
export const ZERO_INTERVAL: Interval = {
  sign: 1,
  years: 0,
  months: 0,
  days: 0,
  hours: 0,
  minutes: 0,
  seconds: 0,
};

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Splits ms since the epoch into calendar fields. */
export function fieldsFromMs(ms: number): DateFields {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

/** Joins calendar fields into ms since the epoch; overflowing days carry. */
export function msFromFields(f: DateFields): number {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  return d.setUTCHours(f.hour, f.minute, f.second, f.ms);
}

/** Number of days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  const f = { year, month: month + 1, day: 0, hour: 0, minute: 0, second: 0 };
  return fieldsFromMs(msFromFields({ ...f, ms: 0 })).day;
}

const zones = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zones.get(timeZone);
  if (!format) {
    try {
      const options = { timeZone, timeZoneName: "longOffset" } as const;
      format = new Intl.DateTimeFormat("en-US", options);
    } catch (cause) {
      throw new InvalidValueError(`Unknown timezone "${timeZone}"`, { cause });
    }
    zones.set(timeZone, format);
  }
  return format;
}

// Like Roundup, a number or a numeric string is hours east of UTC and any
// other string names a zone.
function fixedOffset(tz: string | number | undefined): number | undefined {
  if (tz === undefined) return 0;
  if (typeof tz === "string" && !/^\s*[+-]?\d+(\.\d+)?\s*$/.test(tz)) {
    return undefined;
  }
  const hours = Number(tz);
  if (!Number.isFinite(hours) || Math.abs(hours) >= 24) {
    throw new InvalidValueError(
      `Timezone offset "${tz}" is out of range: expected hours from -23 to 23`,
    );
  }
  return Math.round(hours * HOUR);
}

/** Offset of a timezone from UTC in ms at an instant. */
export function tzOffset(utcMs: number, tz?: string | number): number {
  const fixed = fixedOffset(tz);
  if (fixed !== undefined) return fixed;
  const parts = zoneFormat(String(tz)).formatToParts(utcMs);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "";
  const m = /([+-])(\d\d):(\d\d)(?::(\d\d))?$/.exec(name);
  if (!m) return 0;
  // pytz rounds the old local-mean-time offsets to whole minutes.
  const minutes = Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60;
  return (m[1] === "-" ? -60_000 : 60_000) * Math.round(minutes);
}

/** The wall-clock time of an instant in a zone, as ms on a UTC scale. */
export function wallClock(utcMs: number, tz?: string | number): number {
  return utcMs + tzOffset(utcMs, tz);
}

/** The instant of a wall-clock time in a zone, resolved as pytz does. */
export function utcFromWallClock(wall: number, tz?: string | number): number {
  const fixed = fixedOffset(tz);
  if (fixed !== undefined) return wall - fixed;
  const before = tzOffset(wall - 24 * HOUR, tz);
  const after = tzOffset(wall + 24 * HOUR, tz);
  const fits = (offset: number) => tzOffset(wall - offset, tz) === offset;
  // Roundup localizes with is_dst=False: a time that occurs twice is read as
  // standard time (the smaller offset), a skipped one with the offset before.
  if (fits(before) && fits(after)) return wall - Math.min(before, after);
  return fits(after) && !fits(before) ? wall - after : wall - before;
}

/** The numbers in a Python tuple literal like "(1, 0, 2.5)", or undefined. */
export function tupleNumbers(s: string): number[] | undefined {
  const inner = /^\s*\((.*)\)\s*$/.exec(s)?.[1];
  const items = inner?.split(",").map((x) => x.trim().replace(/L$/, ""));
  if (!items?.every((x) => /^-?\d+(\.\d+)?$/.test(x))) return undefined;
  return items.map(Number);
}

/**
 * Adds an interval to a date like Roundup's Date.addInterval: the clock
 * fields carry into days, months carry into years, then days overflow into
 * the following months ("2003-01-31 + 1m" is 2003-03-03). The sub-second part
 * is dropped, as in Roundup. Roundup works on UTC fields, which is the default;
 * given a timezone, the fields of that zone's wall clock are used instead.
 */
export function addInterval(
  ms: number,
  iv: Interval,
  tz?: string | number,
): number {
  const f = fieldsFromMs(tz === undefined ? ms : wallClock(ms, tz));
  const s = iv.sign;
  const clock = (f.hour + s * iv.hours) * 3600 +
    (f.minute + s * iv.minutes) * 60 + f.second +
    s * iv.seconds;
  const carry = Math.floor(clock / 86_400);
  const month0 = f.month - 1 + s * iv.months;
  const year = f.year + s * iv.years + Math.floor(month0 / 12);
  const month = month0 - Math.floor(month0 / 12) * 12 + 1;
  // Days overflow only after the month is known, so Jan 31 + 1m is Mar 3.
  const first = msFromFields({
    year,
    month,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    ms: 0,
  });
  const wall = first + (f.day - 1 + s * iv.days + carry) * DAY +
    (clock - carry * 86_400) * 1000;
  return tz === undefined ? wall : utcFromWallClock(wall, tz);
}

/** The interval from `earlier` to `later` in days and time, like Roundup's Date - Date. */
export function intervalBetween(later: number, earlier: number): Interval {
  let diff = Math.trunc((later - earlier) / 1000);
  const sign = diff > 0 ? 1 : -1;
  diff = Math.abs(diff);
  return {
    sign,
    years: 0,
    months: 0,
    days: Math.floor(diff / 86_400),
    hours: Math.floor(diff / 3600) % 24,
    minutes: Math.floor(diff / 60) % 60,
    seconds: diff % 60,
  };
}

// Roundup writes 100 days or more with more digits, which it cannot read back.
const SERIALISED = /^([+-])?1?( {3}\d|\d{4})(\d\d)(\d{2,})(\d\d)(\d\d)(\d\d)$/;
const SPEC =
  /^\s*(?<s>[+-])?\s*(?:(?<y>\d+)\s*y)?\s*(?:(?<m>\d+)\s*m)?\s*(?:(?<w>\d+)\s*w)?\s*(?:(?<d>\d+)\s*d)?\s*(?:(?:(?<H>\d+):(?<M>\d+))?(?::(?<S>\d+))?)?\s*(?<D>(?:\d{4}[/-])?(?:\d\d?)?[/-](?:\d\d?)?\.?(?:\d?\d:\d\d)?(?::\d\d)?)?\s*$/;
// Roundup reads only the first letter of a unit, so "3 weeks" and "1 day"
// work, and stops reading there: a word is therefore only allowed last.
const UNIT_WORD = /(\d\s*)(?:(y)ears?|(m)onths?|(w)eeks?|(d)ays?)\s*$/;
const FIELDS = ["y", "m", "w", "d", "H", "M", "S"];

/**
 * Roundup's storage form of an interval, "+00020100000000", read; undefined if it is not one.
 * Roundup's own reader takes two digits of days only; `wideDays` takes the longer days it writes.
 */
export function serialisedInterval(
  s: string,
  wideDays = false,
): Interval | undefined {
  const m = SERIALISED.exec(s);
  if (!m || (!wideDays && m[4]!.length !== 2)) return undefined;
  return intervalFromTuple([m[1] === "-" ? -1 : 1, ...m.slice(2).map(Number)]);
}

/** An interval from Roundup's 7-tuple (sign, years, months, days, hours, minutes, seconds). */
export function intervalFromTuple(n: number[]): Interval {
  const [sign, years, months, days, hours, minutes, seconds] = n;
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

/**
 * Reads the text of an interval in Roundup's grammar: its fields, and the
 * date it runs to when one is named ("-4d 2003-03-18"). Undefined when the
 * text is not an interval.
 */
export function readIntervalSpec(
  text: string,
): { iv: Interval; date?: string } | undefined {
  const spec = text.replace(UNIT_WORD, "$1$2$3$4$5");
  const serial = serialisedInterval(spec.trimEnd());
  if (serial) return { iv: serial };
  const g = SPEC.exec(spec)?.groups;
  if (!g) return undefined;
  if (g.D === undefined && !FIELDS.some((k) => g[k] !== undefined)) {
    return undefined;
  }
  const n = (k: string) => Number(g[k] ?? 0);
  const iv: Interval = {
    sign: g.s === "-" ? -1 : 1,
    years: n("y"),
    months: n("m"),
    days: n("d") + 7 * n("w"),
    hours: n("H"),
    minutes: n("M"),
    seconds: n("S"),
  };
  return g.D === undefined ? { iv } : { iv, date: g.D };
}
