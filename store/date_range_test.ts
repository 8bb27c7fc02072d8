import assert from "node:assert/strict";
import { type DateContext, formatDate } from "./date.ts";
import { parseDateRange } from "./date_range.ts";

// Expected values were printed by Roundup 2.x's Range(text, Date, offset=tz).
// The guide's "local time is 2003-03-08.22:07:48" is EET; its results are
// UTC with no offset, so "now" is 2003-03-08.20:07:48 UTC.
const NOW = Date.UTC(2003, 2, 8, 20, 7, 48);
const at = (tz?: string | number): DateContext => ({ now: NOW, tz });

function shown(text: string, ctx: DateContext): string {
  const r = parseDateRange(text, ctx);
  const end = (ms?: number) => ms === undefined ? "None" : formatDate(ms);
  return `from ${end(r.from)} to ${end(r.to)}`;
}

Deno.test("parseDateRange() reads the user guide examples", () => {
  const cases: Array<[string, string]> = [
    ["from 2-12 to 4-2", "from 2003-02-12.00:00:00 to 2003-04-02.00:00:00"],
    ["FROM 18:00 TO +2m", "from 2003-03-08.18:00:00 to 2003-05-08.20:07:48"],
    ["12:00;", "from 2003-03-08.12:00:00 to None"],
    ["tO +3d", "from None to 2003-03-11.20:07:48"],
    [
      "2002-11-10; 2002-12-12",
      "from 2002-11-10.00:00:00 to 2002-12-12.00:00:00",
    ],
    ["; 20:00 +1d", "from None to 2003-03-09.20:00:00"],
    ["2003", "from 2003-01-01.00:00:00 to 2003-12-31.23:59:59"],
    ["2003-04", "from 2003-04-01.00:00:00 to 2003-04-30.23:59:59"],
    ["from 9:00", "from 2003-03-08.09:00:00 to None"],
    ["-2m; -1m", "from 2003-01-08.20:07:48 to 2003-02-08.20:07:48"],
  ];
  for (const [text, want] of cases) assert.equal(shown(text, at()), want, text);
});

Deno.test("parseDateRange() reads Roundup's other range forms", () => {
  const cases: Array<[string, string]> = [
    ["12:00 to", "from 2003-03-08.12:00:00 to None"],
    ["from 2003-02-16", "from 2003-02-16.00:00:00 to None"],
    ["2003-02-16;", "from 2003-02-16.00:00:00 to None"],
    [";2003-02-16", "from None to 2003-02-16.00:00:00"],
    ["to 2003-02-16", "from None to 2003-02-16.00:00:00"],
    ["from2003", "from 2003-01-01.00:00:00 to None"],
    ["2003 to 2004", "from 2003-01-01.00:00:00 to 2004-01-01.00:00:00"],
    [
      "2003-02-16 +1d; 2003-03",
      "from 2003-02-17.00:00:00 to 2003-03-01.00:00:00",
    ],
    ["1y;", "from 2004-03-08.20:07:48 to None"],
    [";", "from None to None"],
    ["to", "from None to None"],
  ];
  for (const [text, want] of cases) assert.equal(shown(text, at()), want, text);
});

Deno.test("parseDateRange() reads a plain date as the whole period it names", () => {
  const cases: Array<[string, string | number, string]> = [
    ["2003-02", 0, "from 2003-02-01.00:00:00 to 2003-02-28.23:59:59"],
    ["2004-02", 0, "from 2004-02-01.00:00:00 to 2004-02-29.23:59:59"],
    ["2003-12", 0, "from 2003-12-01.00:00:00 to 2003-12-31.23:59:59"],
    ["2003-02-16", 0, "from 2003-02-16.00:00:00 to 2003-02-16.23:59:59"],
    ["14:25", 0, "from 2003-03-08.14:25:00 to 2003-03-08.14:25:59"],
    ["2003-02-16.10:00", 0, "from 2003-02-16.10:00:00 to 2003-02-16.10:00:59"],
    ["2003-02-10 + 1m", 0, "from 2003-03-10.00:00:00 to 2003-03-10.23:59:59"],
    ["2003", -5, "from 2003-01-01.05:00:00 to 2004-01-01.04:59:59"],
    ["2003-04", -5, "from 2003-04-01.05:00:00 to 2003-05-01.04:59:59"],
    ["2003-02-16 -0500", 0, "from 2003-02-16.05:00:00 to 2003-02-17.04:59:59"],
    ["20030210123456", 0, "from 2003-02-10.12:34:56 to 2003-02-10.12:34:56"],
    // Roundup refuses these two and skips the search; we search the day
    // and the second that they name.
    ["01-25", -5, "from 2003-01-25.05:00:00 to 2003-01-26.04:59:59"],
    ["8:47:11", 0, "from 2003-03-08.08:47:11 to 2003-03-08.08:47:11"],
  ];
  for (const [text, tz, want] of cases) {
    assert.equal(shown(text, at(tz)), want, text);
  }
  for (let month = 1; month <= 12; month++) {
    const r = parseDateRange(`2006-${month}`, at());
    const last = new Date(Date.UTC(2006, month, 0)).getUTCDate();
    assert.equal(
      formatDate(r.from!),
      `2006-${String(month).padStart(2, "0")}-01.00:00:00`,
    );
    assert.equal(
      formatDate(r.to!),
      `2006-${String(month).padStart(2, "0")}-${last}.23:59:59`,
    );
  }
});

Deno.test("parseDateRange() rejects text that is not a date range", () => {
  const cases: Array<[string, RegExp]> = [
    [".", /^Cannot parse date range ".": "\." is not a period to search/],
    ["-2m", /"-2m" is not a period to search/],
    ["", /^Cannot parse date range "": expected a date like 2003-02-16/],
    ["x", /^Cannot parse date range "x": cannot parse date "x": expected/],
    ["2003;2004;2005", /cannot parse date "2004;2005"/],
    ["from 2003-13", /month 13 is out of range/],
    ["from 2003-02-16 ;", /cannot parse date "from 2003-02-16"/],
    ["Tomorrow", /cannot parse date "morrow"/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseDateRange(text, at()), {
      name: "InvalidValueError",
      message,
    }, text);
  }
});
