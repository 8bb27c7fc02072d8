import { InvalidValueError } from "./errors.ts";
import assert from "node:assert/strict";
import {
  type DateContext,
  exportDate,
  formatDate,
  importDate,
  parseDate,
  parseDateWithPrecision,
  parseSerialisedDate,
  serialiseDate,
} from "./date.ts";

// Expected values were printed by Roundup 2.x (with pytz) for the same input.
// As in Roundup's doctests, "now" is 2000-06-26.00:34:02 UTC (plus 250 ms).
const NOW = Date.UTC(2000, 5, 26, 0, 34, 2, 250);
const at = (tz?: string | number): DateContext => ({ now: NOW, tz });
const utc = (text: string, ctx: DateContext) =>
  serialiseDate(parseDate(text, ctx));

Deno.test("parseDate() reads the user guide examples for a user 5 hours behind UTC", () => {
  // The guide prints the date-only forms at 00:00; Roundup itself converts
  // them from the user's zone as well, and so do we.
  const cases: Array<[string, string]> = [
    ["2000-04-17", "20000417050000.000"],
    ["01-25", "20000125050000.000"],
    ["2000-04-17.03:45", "20000417084500.000"],
    ["08-13.22:13", "20000814031300.000"],
    ["11-07.09:32:43", "20001107143243.000"],
    ["14:25", "20000626192500.000"],
    ["8:47:11", "20000626134711.000"],
    [".", "20000626003402.250"],
    ["2003", "20030101050000.000"],
    ["2003-04", "20030401050000.000"],
  ];
  for (const [text, want] of cases) assert.equal(utc(text, at(-5)), want, text);
});

Deno.test("parseDate() reads the roundup-admin table of date inputs in UTC", () => {
  const cases: Array<[string, string]> = [
    ["2000-04-17.03:45", "2000-04-17.03:45:00"],
    ["2000-04-17", "2000-04-17.00:00:00"],
    ["01-25", "2000-01-25.00:00:00"],
    ["08-13.22:13", "2000-08-13.22:13:00"],
    ["11-07.09:32:43", "2000-11-07.09:32:43"],
    ["14:25", "2000-06-26.14:25:00"],
    ["8:47:11", "2000-06-26.08:47:11"],
    ["2003", "2003-01-01.00:00:00"],
    ["2003-04", "2003-04-01.00:00:00"],
    [".", "2000-06-26.00:34:02"],
    ["2000-06-24.13:03:59", "2000-06-24.13:03:59"],
  ];
  for (const [text, want] of cases) {
    assert.equal(formatDate(parseDate(text, at())), want, text);
  }
});

Deno.test("parseDate() adds and subtracts intervals on UTC fields like Roundup", () => {
  const cases: Array<[string, string | number, string]> = [
    ["2003-02-10 + 1m", 0, "20030310000000.000"],
    ["2003-01-31 + 1m", 0, "20030303000000.000"],
    ["2004-01-31 + 1m", 0, "20040302000000.000"],
    ["2003-03-31 - 1m", 0, "20030303000000.000"],
    ["2000-02-29 + 1y", 0, "20010301000000.000"],
    ["2000-02-27 + 2d", 0, "20000229000000.000"],
    ["2001-02-27 + 2d", 0, "20010301000000.000"],
    ["2000-01-01 - 2y 2m", 0, "19971101000000.000"],
    ["2003-02-10 - 1y 2m 3w 4d", 0, "20011115000000.000"],
    ["2003-12-31 + 1d", -5, "20040101050000.000"],
    ["2003-01-01.12:00 -1d", -5, "20021231170000.000"],
    ["2003-02-10+1m", 0, "20030310000000.000"],
    // An interval alone counts from now and drops the milliseconds.
    ["-2m", -5, "20000426003402.000"],
    ["+1d", 0, "20000627003402.000"],
    [". -2d", 0, "20000624003402.000"],
    [". + 2d", 0, "20000628003402.000"],
    ["3w", 0, "20000717003402.000"],
  ];
  for (const [text, tz, want] of cases) {
    assert.equal(utc(text, at(tz)), want, text);
  }
});

Deno.test("parseDate() lets a zone suffix override the user's timezone", () => {
  const cases: Array<[string, string | number, string]> = [
    ["2000-04-17-0500", 0, "20000417050000.000"],
    ["01-25-0500", 0, "20000125050000.000"],
    ["08-13.22:13-0500", 0, "20000814031300.000"],
    ["2003 -0500", 3, "20030101050000.000"],
    ["2003-06 -0500", 0, "20030601050000.000"],
    ["2000-08-14+0200", 0, "20000813220000.000"],
    ["08-15.22:47+0200", 5, "20000815204700.000"],
    ["08-15.22:47", 5, "20000815174700.000"],
    ["-1000", 0, "20000626103402.000"],
  ];
  for (const [text, tz, want] of cases) {
    assert.equal(utc(text, at(tz)), want, text);
  }
});

Deno.test("parseDate() reads times in named zones as Roundup with pytz does", () => {
  const cases: Array<[string, string, string]> = [
    ["2006-04-04.12:00:00", "Europe/Warsaw", "20060404100000.000"],
    ["2006-01-01.12:00:00", "Europe/Warsaw", "20060101110000.000"],
    // Skipped by the spring change: the offset from before it is used.
    ["2006-03-26.02:30", "Europe/Berlin", "20060326013000.000"],
    ["2006-04-02.02:30", "America/New_York", "20060402073000.000"],
    // Seen twice in the autumn: read as standard time.
    ["2006-10-29.02:30", "Europe/Berlin", "20061029013000.000"],
    ["2006-10-29.01:30", "America/New_York", "20061029063000.000"],
    ["2006-04-04.12:00", "EST", "20060404170000.000"],
    ["2006-04-04.12:00", "5", "20060404070000.000"],
    ["2006-04-04.12:00", "UTC", "20060404120000.000"],
    ["2006-04-04.12:00", "Asia/Kolkata", "20060404063000.000"],
    // The date of a bare time is today's date in UTC, as in Roundup.
    ["14:25", "Australia/Sydney", "20000626042500.000"],
    ["0033", "Europe/Berlin", "00321231230700.000"],
  ];
  for (const [text, tz, want] of cases) {
    assert.equal(utc(text, at(tz)), want, text);
  }
});

Deno.test("parseDate() reads fractions, other separators and serialised dates", () => {
  const cases: Array<[string, string]> = [
    ["2000-06-24.13:03:59.123", "20000624130359.123"],
    ["2000-06-24.13:03:59.9999", "20000624130359.999"],
    ["20030210123456", "20030210123456.000"],
    ["20030210123456.123", "20030210123456.123"],
    ["2003021012345", "20030210123405.000"],
    ["2000-06-24T13:03:59", "20000624130359.000"],
    ["2003/02/05", "20030205000000.000"],
    ["2003-2-5", "20030205000000.000"],
    ["4-2", "20000402000000.000"],
    ["0033", "00330101000000.000"],
    ["1800-07-15", "18000715000000.000"],
    ["  2003-04  ", "20030401000000.000"],
  ];
  for (const [text, want] of cases) assert.equal(utc(text, at()), want, text);
});

Deno.test("parseDate() rejects text that is not a date", () => {
  const cases: Array<[string, RegExp]> = [
    [
      "2003-13-45",
      /^Cannot parse date "2003-13-45": month 13 is out of range$/,
    ],
    ["2003-02-29", /day 29 is out of range for 2003-02/],
    ["24:00", /hour 24 is out of range/],
    ["23:60", /minute 60 is out of range/],
    ["23:59:60", /second 60 is out of range/],
    ["0000-01-01", /year 0 is out of range/],
    ["20030230123456", /day 30 is out of range/],
    ["9999-12-31.23:59:59 + 1d", /outside the years 1 to 9999/],
    ["12", /expected a date like 2000-06-24\.13:03:59, 2000-04-17, 01-25/],
    ["1/1/06", /expected a date like/],
    ["2003-02-10 12:00", /expected a date like/],
    ["yesterday", /expected a date like/],
    ["", /^Cannot parse date "": expected a date like/],
    // Roundup silently skips what follows the first interval; we refuse it.
    [". + 2d 1m", /expected a date like/],
    ["-2d 3", /expected a date like/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseDate(text, at()),
      { name: "InvalidValueError", message },
      text,
    );
  }
});

Deno.test("parseDate() rejects an unknown timezone", () => {
  assert.throws(() => parseDate("14:25", at("Zoot")), {
    name: "InvalidValueError",
    message: 'Unknown timezone "Zoot"',
  });
  assert.throws(() => parseDate("14:25", at(30)), InvalidValueError);
});

Deno.test("parseDateWithPrecision() reports the finest unit of the text", () => {
  const cases: Array<[string, string | null]> = [
    ["2003", "year"],
    ["2003-04", "month"],
    ["2003-04-05", "day"],
    ["01-25", "day"],
    ["2003-04-05.10:00", "minute"],
    ["8:47:11", "second"],
    ["20030210123456", "second"],
    ["2003-02-10 + 1m", "day"],
    [".", null],
    ["-2m", null],
  ];
  for (const [text, want] of cases) {
    assert.equal(parseDateWithPrecision(text, at()).precision, want, text);
  }
});

Deno.test("formatDate() shows the wall clock of a timezone in whole seconds", () => {
  const cases: Array<[string, string | number | undefined, string]> = [
    ["20060404100000.000", "Europe/Warsaw", "2006-04-04.12:00:00"],
    ["20060101100000.000", "Europe/Warsaw", "2006-01-01.11:00:00"],
    ["20060404100000.000", 2, "2006-04-04.12:00:00"],
    ["20060404020000.000", -5, "2006-04-03.21:00:00"],
    ["20060404020000.000", "-5", "2006-04-03.21:00:00"],
    ["20060404020000.000", 5.5, "2006-04-04.07:30:00"],
    ["20000624130359.900", undefined, "2000-06-24.13:03:59"],
    ["00330101000000.000", 0, "0033-01-01.00:00:00"],
  ];
  for (const [stored, tz, want] of cases) {
    assert.equal(formatDate(parseSerialisedDate(stored), tz), want, stored);
  }
});

Deno.test("serialiseDate() writes Roundup's storage form and parseSerialisedDate() reads it", () => {
  const cases: Array<[number, string]> = [
    [Date.UTC(2000, 5, 24, 13, 3, 59), "20000624130359.000"],
    [Date.UTC(2003, 1, 10, 12, 34, 56, 123), "20030210123456.123"],
    [Date.UTC(1969, 11, 31, 23, 59, 59, 5), "19691231235959.005"],
  ];
  for (const [ms, text] of cases) {
    assert.equal(serialiseDate(ms), text);
    assert.equal(parseSerialisedDate(text), ms);
  }
  assert.throws(() => parseSerialisedDate("2003-02-10"), {
    name: "InvalidValueError",
    message:
      /^Cannot parse serialised date "2003-02-10": expected yyyymmddHHMMSS/,
  });
});

Deno.test("exportDate() writes Roundup's export tuple and importDate() reads it", () => {
  const cases: Array<[number, string]> = [
    [
      Date.UTC(2000, 5, 24, 13, 3, 59, 500),
      "(2000, 6, 24, 13, 3, 59.5, 0, 0, 0)",
    ],
    [Date.UTC(2000, 3, 17), "(2000, 4, 17, 0, 0, 0.0, 0, 0, 0)"],
    [
      Date.UTC(2003, 1, 10, 12, 34, 3, 123),
      "(2003, 2, 10, 12, 34, 3.123, 0, 0, 0)",
    ],
  ];
  for (const [ms, text] of cases) {
    assert.equal(exportDate(ms), text);
    assert.equal(importDate(text), ms);
  }
  assert.equal(
    importDate("(2003, 2, 10, 12, 34, 3, 0, 0, 0)"),
    Date.UTC(2003, 1, 10, 12, 34, 3),
  );
  assert.throws(() => importDate("(2003, 2, 10)"), InvalidValueError);
});

Deno.test("parseDate() takes a sign after the operator and signs inside the interval of a date", () => {
  // The same dates as Roundup's "2000-01-01 - 2m 1d" (1999-10-31) and
  // "2000-03-01 - 1d"; Roundup itself ignores the signed parts without a word.
  const cases: Array<[string, string]> = [
    ["2000-01-01 + -2m 1d", "1999-10-31.00:00:00"],
    ["2000-01-01 - -2m 1d", "2000-03-02.00:00:00"],
    ["2000-01-01 + 2m -1d", "2000-02-29.00:00:00"],
    ["2000-01-01 + 1y -2m +3d", "2000-11-04.00:00:00"],
    ["2000-03-31 + -1m", "2000-03-02.00:00:00"],
    ["2000-01-01 -2m 1d", "1999-10-31.00:00:00"],
  ];
  for (const [text, want] of cases) {
    assert.equal(formatDate(parseDate(text, at())), want, text);
  }
  for (
    const bad of ["2000-01-01 + -", "2000-01-01 + 2m -", "2000-01-01 + -x"]
  ) {
    assert.throws(() => parseDate(bad, at()), InvalidValueError, bad);
  }
});
