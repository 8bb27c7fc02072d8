/**
 * Generated `roundup admin` command lines for the fuzz test: property values of every kind,
 * dates, intervals and ranges that are odd, out of range or not values at all, aimed at real
 * items and at items, classes and properties that do not exist.
 */
import { type Rng, text } from "./_fuzz.ts";
import {
  DATES,
  INTERVALS,
  LINKS,
  MULTILINKS,
  NUMBERS,
  RANGES,
  valueFor,
} from "./_fuzz_values.ts";

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
