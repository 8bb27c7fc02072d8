import {
  type DateContext,
  type DatePrecision,
  parseDate,
  parseDateWithPrecision,
} from "./date.ts";
import { InvalidValueError } from "./errors.ts";
import { addInterval, type Interval, ZERO_INTERVAL } from "./interval.ts";

/** Bounds of a date search in ms since the epoch, UTC; both inclusive, either open. */
export interface DateRange {
  from?: number;
  to?: number;
}

const GEEK = /^(.+?)?;(.+?)?$/;
const ENGLISH = /^(?:from)?(.+?)?to(.+?)?$/i;
const ENGLISH_FROM = /^from(.+)(.)?$/i;
const LESS_ONE_SECOND: Interval = { ...ZERO_INTERVAL, sign: -1, seconds: 1 };
const PERIODS: Partial<Record<DatePrecision, Partial<Interval>>> = {
  minute: { minutes: 1 },
  day: { days: 1 },
  month: { months: 1 },
  year: { years: 1 },
};

/**
 * Parses a date search like Roundup's Range: "from 2003-02-16 to 2003-02-20"
 * (both words optional and in any case), "2003-02-16;2003-02-20", "2003-02-16;",
 * ";2003-02-16", "-2m; -1m", or a plain date meaning the whole period it names:
 * "2003" is 2003-01-01.00:00:00 to 2003-12-31.23:59:59.
 */
export function parseDateRange(text: string, ctx: DateContext): DateRange {
  const spec = text.trim();
  const m = spec.includes(";")
    ? GEEK.exec(spec)
    : ENGLISH.exec(spec) ?? ENGLISH_FROM.exec(spec);
  try {
    if (m) return bounds(m[1]?.trim(), m[2]?.trim(), ctx);
    if (spec) return period(text, spec, ctx);
  } catch (cause) {
    if (!(cause instanceof InvalidValueError)) throw cause;
    throw new InvalidValueError(
      `Cannot parse date range "${text}": ${lowerFirst(cause.message)}`,
      { cause },
    );
  }
  throw new InvalidValueError(
    `Cannot parse date range "${text}": expected a date like 2003-02-16 or a range like "from 2003-02-16 to 2003-02-20" or "2003-02-16;2003-02-20"`,
  );
}

function bounds(
  from: string | undefined,
  to: string | undefined,
  ctx: DateContext,
): DateRange {
  const range: DateRange = {};
  if (from) range.from = parseDate(from, ctx);
  if (to) range.to = parseDate(to, ctx);
  return range;
}

// Like Roundup, the period is added to the UTC fields and the end is one
// second before the next period starts.
function period(text: string, spec: string, ctx: DateContext): DateRange {
  const { ms, precision } = parseDateWithPrecision(spec, ctx);
  if (precision === "second") return { from: ms, to: ms };
  const step = precision && PERIODS[precision];
  if (!step) {
    throw new InvalidValueError(
      `"${text}" is not a period to search: give a date like 2003-02-16 or 14:25, or a range like "${spec};"`,
    );
  }
  const next = addInterval(ms, { ...ZERO_INTERVAL, ...step });
  return { from: ms, to: addInterval(next, LESS_ONE_SECOND) };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
