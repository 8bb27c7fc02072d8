/**
 * Generated `roundup admin` command lines for the fuzz test: property values of every kind,
 * dates, intervals and ranges that are odd, out of range or not values at all, aimed at real
 * items and at items, classes and properties that do not exist.
 */
import { type Rng, text } from "./_fuzz.ts";

/** The "thing" class the fuzz tracker adds: one property of every kind. */
export const THING = {
  name: "thing",
  key: "name",
  properties: {
    name: { type: "String" },
    flag: { type: "Boolean" },
    num: { type: "Number" },
    cnt: { type: "Integer" },
    when: { type: "Date" },
    dur: { type: "Interval" },
    owner: { type: "Link", class: "user" },
    tags: { type: "Multilink", class: "keyword" },
    pw: { type: "Password" },
  },
};

const DATES = [
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

const RANGES = [
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

const INTERVALS = [
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

const NUMBERS = [
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

const BOOLEANS = [
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

const LINKS = [
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

const MULTILINKS = [
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

const PASSWORDS = [
  "secret",
  "",
  "{PBKDF2}garbage",
  "{plaintext}x",
  "{crypt}",
  "{MD5}zz",
  "{SSHA}%%%",
  "{nosuch}x",
];

function valueFor(r: Rng, type: string): string {
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

/** Property names of the classes the commands aim at, with their kinds. */
const CLASSES: Record<string, Record<string, string>> = {
  thing: Object.fromEntries(
    Object.entries(THING.properties).map(([k, v]) => [k, v.type]),
  ),
  issue: {
    title: "String",
    status: "Link",
    priority: "Link",
    assignedto: "Link",
    nosy: "Multilink",
    keyword: "Multilink",
    superseder: "Multilink",
  },
  user: {
    username: "String",
    address: "String",
    roles: "String",
    timezone: "String",
    password: "Password",
    realname: "String",
  },
  keyword: { name: "String" },
};

const ODD_PROPS = [
  "nosuch",
  "",
  "id",
  "creation",
  "activity",
  "creator",
  "actor",
];

function assignments(r: Rng, cls: string): string[] {
  const props = CLASSES[cls] ?? {};
  const names = Object.keys(props);
  return r.many(1 + r.int(4), () => {
    if (r.chance(0.07)) return r.pick(["=", "name", "==x", "x==", text(r, 2)]);
    const name = r.chance(0.9) ? r.pick(names) : r.pick(ODD_PROPS);
    let value = valueFor(r, props[name] ?? "String");
    if (cls === "user" && name === "timezone" && r.chance(0.6)) {
      value = r.pick([
        "UTC",
        "Europe/Vienna",
        "Mars/Olympus",
        "+5",
        "-13",
        "99",
      ]);
    }
    return `${name}=${value}`;
  });
}

function designator(r: Rng, cls: string): string {
  return r.chance(0.85) ? `${cls}${1 + r.int(4)}` : r.pick([
    `${cls}0`,
    `${cls}-1`,
    `${cls}1.5`,
    `${cls}99999999999999999999`,
    cls,
    "nosuch1",
    "1",
    "",
    `${cls}1,${cls}2`,
  ]);
}

/** One admin command line as words. */
export function adminArgs(r: Rng): string[] {
  const cls = r.chance(0.95)
    ? r.pick(Object.keys(CLASSES))
    : r.pick(["nosuch", "", "msg", "status"]);
  const props = Object.keys(CLASSES[cls] ?? { title: "String" });
  const dates = () => [
    `when=${r.pick(DATES)}`,
    ...(r.chance(0.5) ? [`dur=${r.pick(INTERVALS)}`] : []),
  ];
  return r.oneOf([
    () => ["create", cls, ...assignments(r, cls)],
    () => ["create", cls, ...assignments(r, cls)],
    () => ["create", "thing", `name=t${r.int(1e6)}`, ...dates()],
    () => ["set", designator(r, cls), ...assignments(r, cls)],
    () => ["set", designator(r, cls), ...assignments(r, cls)],
    () => ["set", designator(r, cls), ...assignments(r, cls)],
    () => ["set", "thing1", ...dates()],
    () => ["set", "thing1", ...dates()],
    () => [
      "filter",
      r.pick(["thing", "issue"]),
      `${r.pick(["activity", "creation", "when"])}=${
        r.pick([...RANGES, ...DATES])
      }`,
    ],
    () => [
      "filter",
      cls,
      `${r.pick([...props, "num", "cnt"])}=${r.pick([...RANGES, ...NUMBERS])}`,
    ],
    () => [
      "find",
      cls,
      `${r.pick(props)}=${r.pick([...LINKS, ...MULTILINKS])}`,
    ],
    () => ["get", r.pick([...props, "nosuch", "creation"]), designator(r, cls)],
    () => ["display", designator(r, cls)],
    () =>
      r.chance(0.3)
        ? ["retire", designator(r, cls)]
        : ["restore", designator(r, cls)],
    () => ["restore", designator(r, cls)],
    () => ["history", designator(r, cls)],
    () => [
      "list",
      cls,
      ...(r.chance(0.5) ? [r.pick([...props, "nosuch"])] : []),
    ],
    () => [
      "table",
      cls,
      r.pick(props.map((p) => `${p}:${r.pick(["10", "0", "-1", "x", ""])}`)),
    ],
    () => ["specification", cls],
  ]);
}
