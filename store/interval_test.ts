import { InvalidValueError } from "./errors.ts";
import assert from "node:assert/strict";
import { formatDate, parseDate } from "./date.ts";
import {
  addInterval,
  exportInterval,
  formatInterval,
  importInterval,
  type Interval,
  intervalBetween,
  intervalSeconds,
  parseInterval,
  parseSerialisedInterval,
  serialiseInterval,
  ZERO_INTERVAL,
} from "./interval.ts";

// Expected values were printed by Roundup 2.x for the same input.
const NOW = Date.UTC(2000, 5, 26, 0, 34, 2, 250);
const iv = (fields: Partial<Interval>): Interval => ({
  ...ZERO_INTERVAL,
  ...fields,
});
const date = (text: string) => parseDate(text, { now: NOW });

Deno.test("parseInterval() reads the user guide examples", () => {
  const cases: Array<[string, Partial<Interval>, string]> = [
    ["3y", { years: 3 }, "+ 3y"],
    ["2y 1m", { years: 2, months: 1 }, "+ 2y 1m"],
    ["1m 25d", { months: 1, days: 25 }, "+ 1m 25d"],
    ["2w 3d", { days: 17 }, "+ 17d"],
    ["1d 2:50", { days: 1, hours: 2, minutes: 50 }, "+ 1d 2:50"],
    ["14:00", { hours: 14 }, "+ 14:00"],
    ["0:04:33", { minutes: 4, seconds: 33 }, "+ 0:04:33"],
  ];
  for (const [text, fields, shown] of cases) {
    assert.deepEqual(parseInterval(text), iv(fields), text);
    assert.equal(formatInterval(parseInterval(text)), shown, text);
  }
});

Deno.test("parseInterval() reads Roundup's other forms without normalising them", () => {
  const cases: Array<[string, string]> = [
    ["-2m", "- 2m"],
    ["- 2m", "- 2m"],
    ["+1d", "+ 1d"],
    ["1 day", "+ 1d"],
    ["3 weeks", "+ 21d"],
    ["2 months", "+ 2m"],
    ["1 year", "+ 1y"],
    ["1y 1 month", "+ 1y 1m"],
    ["2 y 1 m", "+ 2y 1m"],
    ["-2w 3 d ", "- 17d"],
    [" - 1 d 2:50 ", "- 1d 2:50"],
    ["  3w  1  d  2:00", "+ 22d 2:00"],
    ["1y2m3w4d5:06:07", "+ 1y 2m 25d 5:06:07"],
    ["00:00:3661", "+ 0:00:3661"],
    ["25:00", "+ 25:00"],
    [":33", "+ 0:00:33"],
    ["1:2", "+ 1:02"],
    ["0d", "00:00"],
    ["- 0:00", "00:00"],
    ["+00010203040506", "+ 1y 2m 3d 4:05:06"],
    ["   10203040506", "+ 1y 2m 3d 4:05:06"],
  ];
  for (const [text, shown] of cases) {
    assert.equal(formatInterval(parseInterval(text)), shown, text);
  }
});

Deno.test("parseInterval() measures the time up to a date given the current time", () => {
  const cases: Array<[number, string, string]> = [
    [NOW, "2003-03-18", "- 995d"],
    [NOW, "-4d 2003-03-18", "- 991d"],
    [Date.UTC(2003, 2, 8, 20, 7, 48), "2003-03-18", "- 10d"],
    [Date.UTC(2003, 2, 8, 20, 7, 48), "- 1d 2003-03-18.10:30", "- 9d 10:30"],
    [Date.UTC(2003, 2, 8, 20, 7, 48), "2003-03-08.10:00", "+ 10:07:48"],
  ];
  for (const [now, text, shown] of cases) {
    assert.equal(formatInterval(parseInterval(text, { now })), shown, text);
  }
  assert.throws(() => parseInterval("2003-03-18"), {
    name: "InvalidValueError",
    message:
      'Cannot parse interval "2003-03-18": an interval up to a date needs the current time',
  });
});

Deno.test("parseInterval() rejects text, including what Roundup would silently skip", () => {
  const cases = [
    "",
    " ",
    "-",
    "5 hours",
    "3 Weeks",
    "1.5d",
    "1 minute",
    "2 days 3:00",
    "3d garbage",
    "1d 2",
    "2:50 1d",
  ];
  for (const text of cases) {
    assert.throws(() => parseInterval(text), {
      name: "InvalidValueError",
      message:
        `Cannot parse interval "${text}": expected an interval like 3y, 2y 1m, 1m 25d, 2w 3d, 1d 2:50, 14:00, 0:04:33 or -2m`,
    }, text);
  }
});

Deno.test("serialiseInterval() writes Roundup's storage form and parseSerialisedInterval() reads it", () => {
  const cases: Array<[Partial<Interval>, string]> = [
    [
      { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 },
      "+00010203040506",
    ],
    [{ sign: -1, days: 1, hours: 2, minutes: 50 }, "-00000001025000"],
    [{ sign: -1, days: 995 }, "-000000995000000"],
    [{}, "+00000000000000"],
  ];
  for (const [fields, text] of cases) {
    assert.equal(serialiseInterval(iv(fields)), text);
    assert.deepEqual(parseSerialisedInterval(text), iv(fields));
  }
  assert.throws(() => parseSerialisedInterval("1d"), InvalidValueError);
});

Deno.test("exportInterval() writes Roundup's export tuple and importInterval() reads it", () => {
  const cases: Array<[Partial<Interval>, string]> = [
    [{ sign: -1, days: 1, hours: 2, minutes: 50 }, "(-1, 0, 0, 1, 2, 50, 0)"],
    [{ years: 3 }, "(1, 3, 0, 0, 0, 0, 0)"],
  ];
  for (const [fields, text] of cases) {
    assert.equal(exportInterval(iv(fields)), text);
    assert.deepEqual(importInterval(text), iv(fields));
  }
  assert.throws(
    () => importInterval("(2, 0, 0, 0, 0, 0, 0)"),
    InvalidValueError,
  );
});

Deno.test("intervalSeconds() counts months as 30 days and years as 365 for sorting", () => {
  const cases: Array<[string, number]> = [
    ["1y", 31_536_000],
    ["2m", 5_184_000],
    ["- 2d", -172_800],
    ["1:20", 4800],
    ["3:30", 12_600],
    ["0:00:01", 1],
    ["0d", 0],
  ];
  for (const [text, want] of cases) {
    assert.equal(intervalSeconds(parseInterval(text)), want, text);
  }
  const sorted = ["2d", "1y", "3:30", "- 2d", "1:20"].map((t) =>
    parseInterval(t)
  )
    .sort((a, b) => intervalSeconds(a) - intervalSeconds(b)).map(
      formatInterval,
    );
  assert.deepEqual(sorted, ["- 2d", "+ 1:20", "+ 3:30", "+ 2d", "+ 1y"]);
});

Deno.test("addInterval() carries time, months and days like Roundup", () => {
  const cases: Array<[string, string, string]> = [
    ["2000-02-28.23:59:59", "00:00:01", "2000-02-29.00:00:00"],
    ["2001-02-28.23:59:59", "00:00:01", "2001-03-01.00:00:00"],
    ["2000-02-28.22:58:59", "01:01:01", "2000-02-29.00:00:00"],
    ["2001-02-28.22:58:59", "00:00:3661", "2001-03-01.00:00:00"],
    ["2001-03-01.00:00:00", "150y", "2151-03-01.00:00:00"],
    ["2001-03-01.00:00:00", "- 150y", "1851-03-01.00:00:00"],
    ["2000-01-01", "- 2y 2m", "1997-11-01.00:00:00"],
    ["2000-01-01", "60d", "2000-03-01.00:00:00"],
    ["2001-01-01", "60d", "2001-03-02.00:00:00"],
    ["2001-03-02", "- 60d", "2001-01-01.00:00:00"],
    ["2003-10-30", "2d", "2003-11-01.00:00:00"],
    ["2004-02-29", "- 1d", "2004-02-28.00:00:00"],
    ["2003-03-01", "- 59d", "2003-01-01.00:00:00"],
    ["2003-12-30", "2d", "2004-01-01.00:00:00"],
    ["2004-01-01", "366d", "2005-01-01.00:00:00"],
    ["2005-02-01", "- 365d", "2004-02-02.00:00:00"],
    ["2003-01-31.12:00", "1m", "2003-03-03.12:00:00"],
    ["2003-03-31", "- 1m", "2003-03-03.00:00:00"],
    ["2004-02-29.23:59:59", "- 1y 2m 3d 4:05:06", "2002-12-26.19:54:53"],
    ["2003-01-31.12:00", "- 25m", "2000-12-31.12:00:00"],
    ["2003-12-31.23:00", "25:00", "2004-01-02.00:00:00"],
  ];
  for (const [start, text, want] of cases) {
    assert.equal(
      formatDate(addInterval(date(start), parseInterval(text))),
      want,
      `${start} ${text}`,
    );
  }
});

Deno.test("addInterval() drops milliseconds and can work on a zone's wall clock", () => {
  const start = date("2006-03-25.11:00:00.750"); // 12:00 in Berlin
  const day = iv({ days: 1 });
  assert.equal(formatDate(addInterval(start, day)), "2006-03-26.11:00:00");
  assert.equal(
    formatDate(addInterval(start, day, "Europe/Berlin")),
    "2006-03-26.10:00:00",
  );
  assert.equal(
    formatDate(addInterval(start, day, "Europe/Berlin"), "Europe/Berlin"),
    "2006-03-26.12:00:00",
  );
});

Deno.test("intervalBetween() gives days and time like Roundup's Date - Date", () => {
  const cases: Array<[string, string, string]> = [
    ["2003-03-15", "2003-03-10", "+ 5d"],
    ["2003-02-01", "2003-03-01", "- 28d"],
    ["2003-03-03", "2002-02-01", "+ 395d"],
    ["2003-03-03", "2003-04-01", "- 29d"],
    ["1952-01-01", "1953-01-01", "- 366d"],
    ["2004-04-06.22:04:20.767", "2003-07-01", "+ 280d 22:04:20"],
    ["2003-03-03", "2003-03-03", "00:00"],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(
      formatInterval(intervalBetween(date(a), date(b))),
      want,
      `${a} - ${b}`,
    );
  }
});
