/**
 * Values for the admin fuzz test, by property kind: dates, ranges, intervals, numbers, booleans,
 * links and passwords that are odd, out of range or not values at all.
 */
import { type Rng, text } from "./_fuzz.ts";

export const DATES = [
  "2003-02-28",
  "2003-02-29",
  "2003-02-30",
  "2004-02-29.23:59:59",
  "2003-13-01",
  "2003-00-10",
  "0000-00-00",
  "0001-01-01",
  "9999-12-31.23:59:59",
  "10000-01-01",
  "275760-09-13",
  "-2003-01-01",
  "2003-01-01.24:00",
  "2003-01-01.25:61:61",
  "2003-01-01.12:30:60",
  "2003-01-01.12:30:59.999999",
  "2003-01-01 12:00",
  "2003-01-01T12:00:00Z",
  "2003-1-1",
  "2003-01",
  "2003",
  "03-01-01",
  ".",
  "now",
  "today",
  "-1d",
  "+1y",
  "-3m 2d",
  "+1w -2d",
  ".+2d",
  "-99999999999y",
  "+1e9d",
  "2003-01-01.12:00 + 1d",
  "99999999999999999999",
  "1e308",
  "",
  " ",
  "-",
  "+",
  "::",
  "2003-02-28.12:00:00+05:00",
];

export const RANGES = [
  "2003",
  "2003-02",
  "from 2003 to 2004",
  "from 2004 to 2003",
  "from -1d",
  "to +1d",
  "from",
  "to",
  "2003;2004",
  "; -1d",
  "-2m;-1m",
  ";",
  ";;",
  "2003-13;2004",
  "-1d;nonsense",
];

export const INTERVALS = [
  "3w",
  "1d 2:00",
  "-1y",
  "- 1d",
  "+-1d",
  "1:2:3:4",
  "00:00:60",
  "1.5d",
  "1d1d",
  "99999999999999999999d",
  "1e9y",
  "2003-01-01",
  "3 weeks",
  "",
  "-",
  "+",
  "1y 2m 3w 4d 5:06:07",
];

export const NUMBERS = [
  "0",
  "-0",
  "1.5",
  "1e308",
  "1e309",
  "-1e309",
  "Infinity",
  "0x10",
  "1,5",
  " 3 ",
  "--1",
  "3.",
  ".5",
  "2147483648",
  "9007199254740993",
  "1.0",
  "1e3",
  "+5",
  "",
  "١٢",
];

export const BOOLEANS = [
  "yes",
  "no",
  "YES",
  "1",
  "0",
  "true",
  "false",
  "maybe",
  "",
  " yes",
];

export const LINKS = [
  "1",
  "2",
  "0",
  "-1",
  "1.0",
  "admin",
  "anonymous",
  "nosuchuser",
  "user1",
  "99999999999999999999",
  "",
  "-1",
  "bug",
  "critical",
];

export const MULTILINKS = [
  "+1",
  "-1",
  "1,2",
  "+admin",
  "-admin",
  "admin,anonymous",
  ",,",
  "+",
  "-",
  "+-admin",
  "admin,,",
  "999",
  "+1,-1",
  "",
];

export const PASSWORDS = [
  "secret",
  "",
  "{PBKDF2}garbage",
  "{plaintext}x",
  "{crypt}",
  "{MD5}zz",
  "{SSHA}%%%",
  "{nosuch}x",
];

/** A value for a property of kind `type`: odd, out of range or not a value at all. */
export function valueFor(r: Rng, type: string): string {
  if (r.chance(0.1)) return text(r, 4);
  switch (type) {
    case "Date":
      return r.pick(DATES);
    case "Interval":
      return r.pick(INTERVALS);
    case "Number":
    case "Integer":
      return r.pick(NUMBERS);
    case "Boolean":
      return r.pick(BOOLEANS);
    case "Link":
      return r.pick(LINKS);
    case "Multilink":
      return r.pick(MULTILINKS);
    case "Password":
      return r.pick(PASSWORDS);
    default:
      return r.chance(0.02) ? "x".repeat(70_000) : text(r, 6);
  }
}
