// Intervals keep their fields as written, like Roundup's Interval: "25:00" is
// 25 hours and "2w 3d" is 17 days; only date arithmetic carries overflow.
import { InvalidValueError } from "./errors.ts";
import {
  type DateContext,
  fieldsFromMs,
  msFromFields,
  parseDate,
  tupleNumbers,
  utcFromWallClock,
  wallClock,
} from "./date.ts";

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

const DAY = 86_400_000;
const EXPECTED =
  "expected an interval like 3y, 2y 1m, 1m 25d, 2w 3d, 1d 2:50, 14:00, 0:04:33 or -2m";
// Roundup writes 100 days or more with more digits, which it cannot read back.
const SERIALISED = /^([+-])?1?( {3}\d|\d{4})(\d\d)(\d{2,})(\d\d)(\d\d)(\d\d)$/;
const SPEC =
  /^\s*(?<s>[+-])?\s*(?:(?<y>\d+)\s*y)?\s*(?:(?<m>\d+)\s*m)?\s*(?:(?<w>\d+)\s*w)?\s*(?:(?<d>\d+)\s*d)?\s*(?:(?:(?<H>\d+):(?<M>\d+))?(?::(?<S>\d+))?)?\s*(?<D>(?:\d{4}[/-])?(?:\d\d?)?[/-](?:\d\d?)?\.?(?:\d?\d:\d\d)?(?::\d\d)?)?\s*$/;
// Roundup reads only the first letter of a unit, so "3 weeks" and "1 day"
// work, and stops reading there: a word is therefore only allowed last.
const UNIT_WORD = /(\d\s*)(?:(y)ears?|(m)onths?|(w)eeks?|(d)ays?)\s*$/;
const FIELDS = ["y", "m", "w", "d", "H", "M", "S"];

/**
 * Parses an interval as Roundup does: "3y", "2y 1m", "1m 25d", "2w 3d",
 * "1d 2:50", "14:00", "0:04:33", "- 2m", "+1d", "3 weeks", the serialised
 * "-00000001025000", and, given `ctx`, the time from now to a date such as
 * "2003-03-18" or "-4d 2003-03-18". Text Roundup would silently skip is refused.
 */
export function parseInterval(text: string, ctx?: DateContext): Interval {
  const spec = text.replace(UNIT_WORD, "$1$2$3$4$5");
  const serial = SERIALISED.exec(spec.trimEnd());
  if (serial?.[4]?.length === 2) return fromSerial(serial);
  const g = SPEC.exec(spec)?.groups;
  const fail = (why: string, cause?: unknown) =>
    new InvalidValueError(`Cannot parse interval "${text}": ${why}`, { cause });
  if (!g) throw fail(EXPECTED);
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
  if (g.D === undefined) {
    if (!FIELDS.some((k) => g[k] !== undefined)) throw fail(EXPECTED);
    return iv;
  }
  if (!ctx) throw fail("an interval up to a date needs the current time");
  try {
    return intervalToDate(iv, g.D, ctx.now);
  } catch (cause) {
    throw fail(EXPECTED, cause);
  }
}

// Roundup's "interval to a date" is now minus (date + interval), in days and time.
function intervalToDate(iv: Interval, dateText: string, now: number): Interval {
  const date = parseDate(dateText, { now, tz: 0 });
  const d = fieldsFromMs(date);
  // Roundup tests "not hour or minute or second", so a date at midnight or
  // with minutes is compared with the start of today (UTC).
  const from = d.hour === 0 || d.minute !== 0 || d.second !== 0
    ? Math.floor(now / DAY) * DAY
    : now;
  return date === from ? iv : intervalBetween(from, addInterval(date, iv));
}

function fromSerial(m: RegExpExecArray): Interval {
  const [years, months, days, hours, minutes, seconds] = m.slice(2).map(
    Number,
  ) as number[];
  return {
    sign: m[1] === "-" ? -1 : 1,
    years: years!,
    months: months!,
    days: days!,
    hours: hours!,
    minutes: minutes!,
    seconds: seconds!,
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Formats an interval exactly as Roundup's str(Interval): "+ 2y 1m", "- 1d 2:50", "00:00". */
export function formatInterval(iv: Interval): string {
  const parts: string[] = [];
  if (iv.years) parts.push(`${iv.years}y`);
  if (iv.months) parts.push(`${iv.months}m`);
  if (iv.days) parts.push(`${iv.days}d`);
  if (iv.seconds) {
    parts.push(`${iv.hours}:${pad(iv.minutes)}:${pad(iv.seconds)}`);
  } else if (iv.hours || iv.minutes) {
    parts.push(`${iv.hours}:${pad(iv.minutes)}`);
  }
  return parts.length
    ? `${iv.sign > 0 ? "+" : "-"} ${parts.join(" ")}`
    : "00:00";
}

/** Roundup's storage form of an interval, sign then yyyymmddHHMMSS: "-00000001025000". */
export function serialiseInterval(iv: Interval): string {
  return `${iv.sign > 0 ? "+" : "-"}${pad(iv.years, 4)}${pad(iv.months)}${
    pad(iv.days)
  }${pad(iv.hours)}${pad(iv.minutes)}${pad(iv.seconds)}`;
}

/** Reads Roundup's storage form of an interval, "+00020100000000". */
export function parseSerialisedInterval(s: string): Interval {
  const m = SERIALISED.exec(s.trim());
  if (!m) {
    throw new InvalidValueError(
      `Cannot parse serialised interval "${s}": expected a sign and yyyymmddHHMMSS, like -00000001025000`,
    );
  }
  return fromSerial(m);
}

/** Roundup's export form of an interval, repr(Interval.get_tuple()): "(-1, 0, 0, 1, 2, 50, 0)". */
export function exportInterval(iv: Interval): string {
  const { sign, years, months, days, hours, minutes, seconds } = iv;
  return `(${[sign, years, months, days, hours, minutes, seconds].join(", ")})`;
}

/** Reads an interval from Roundup's export form, a 7-tuple starting with the sign. */
export function importInterval(s: string): Interval {
  const n = tupleNumbers(s);
  if (
    n?.length !== 7 || Math.abs(n[0]!) !== 1 ||
    n.some((x) => !Number.isInteger(x))
  ) {
    throw new InvalidValueError(
      `Cannot import interval "${s}": expected a tuple like (1, 0, 0, 1, 2, 50, 0)`,
    );
  }
  return intervalFromTuple(n as number[]);
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

/** Total seconds, counting a month as 30 days and a year as 365, like Roundup's as_seconds. */
export function intervalSeconds(iv: Interval): number {
  const days = iv.years * 365 + iv.months * 30 + iv.days;
  return iv.sign *
    (((days * 24 + iv.hours) * 60 + iv.minutes) * 60 + iv.seconds);
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
