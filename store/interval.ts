// Intervals keep their fields as written, like Roundup's Interval: "25:00" is
// 25 hours and "2w 3d" is 17 days; only date arithmetic carries overflow.
import { InvalidValueError } from "./errors.ts";
import {
  addInterval,
  fieldsFromMs,
  type Interval,
  intervalBetween,
  intervalFromTuple,
  readIntervalSpec,
  serialisedInterval,
  tupleNumbers,
} from "./calendar.ts";
import { type DateContext, parseDate } from "./date.ts";

export {
  addInterval,
  type Interval,
  intervalBetween,
  intervalFromTuple,
  ZERO_INTERVAL,
} from "./calendar.ts";

const DAY = 86_400_000;
const EXPECTED =
  "expected an interval like 3y, 2y 1m, 1m 25d, 2w 3d, 1d 2:50, 14:00, 0:04:33 or -2m";

/**
 * Parses an interval as Roundup does: "3y", "2y 1m", "1m 25d", "2w 3d",
 * "1d 2:50", "14:00", "0:04:33", "- 2m", "+1d", "3 weeks", the serialised
 * "-00000001025000", and, given `ctx`, the time from now to a date such as
 * "2003-03-18" or "-4d 2003-03-18". Text Roundup would silently skip is refused.
 */
export function parseInterval(text: string, ctx?: DateContext): Interval {
  const read = readIntervalSpec(text);
  const fail = (why: string, cause?: unknown) =>
    new InvalidValueError(`Cannot parse interval "${text}": ${why}`, { cause });
  if (!read) throw fail(EXPECTED);
  if (read.date === undefined) return read.iv;
  if (!ctx) throw fail("an interval up to a date needs the current time");
  try {
    return intervalToDate(read.iv, read.date, ctx.now);
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
  const iv = serialisedInterval(s.trim(), true);
  if (!iv) {
    throw new InvalidValueError(
      `Cannot parse serialised interval "${s}": expected a sign and yyyymmddHHMMSS, like -00000001025000`,
    );
  }
  return iv;
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

/** Total seconds, counting a month as 30 days and a year as 365, like Roundup's as_seconds. */
export function intervalSeconds(iv: Interval): number {
  const days = iv.years * 365 + iv.months * 30 + iv.days;
  return iv.sign *
    (((days * 24 + iv.hours) * 60 + iv.minutes) * 60 + iv.seconds);
}
