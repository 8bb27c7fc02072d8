/**
 * The generator of the web fuzz test: seeded requests at a classic tracker's pages, as the admin,
 * a plain user or anonymous. POSTs of every `@action` with good, bad or missing `@csrf`, unknown,
 * repeated and empty fields, bad links, dates and intervals, control characters, hostile markup,
 * odd uploads; GETs of index, item and search pages with random `@` parameters.
 */
import type { Rng } from "./_fuzz.ts";
import {
  ACTIONS,
  BOGUS_PROPS,
  CLASSES,
  DATES,
  hostileText,
  PROPS,
  upload,
  value,
} from "./_fuzz_web_values.ts";

export { HOSTILE, MARKERS } from "./_fuzz_web_values.ts";

export type Who = "admin" | "user" | "anon";

/** One request of the fuzz run. */
export interface WebCase {
  who: Who;
  /** GET or POST mostly; PUT, DELETE, PATCH, OPTIONS and HEAD too. */
  method: string;
  /** Headers over the ones a browser on the tracker's page sends. */
  headers?: Record<string, string>;
  /** Below the tracker, e.g. "issue1?@sort=title" (may hold bad percent-encodings). */
  path: string;
  /** Form fields of a POST, in order (repeats allowed). */
  fields: Array<[string, string | File]>;
  /** What to put in `@csrf`: a fresh token, a made-up one, none, or a fresh one twice. */
  csrf: "valid" | "bad" | "none" | "twice";
  /** A raw body instead of multipart fields (bad percent-encodings, invalid UTF-8). */
  raw?: { type: string; body: Uint8Array };
}

function fieldsFor(r: Rng, cls: string, maxFileSize: number) {
  const fields: Array<[string, string | File]> = [];
  const props = PROPS[cls] ?? PROPS.issue!;
  for (let i = r.int(5); i >= 0; i--) {
    const name = r.chance(0.8) ? r.pick(props) : r.pick(BOGUS_PROPS);
    const v: string | File = name === "content" && r.chance(0.5)
      ? upload(r, maxFileSize)
      : value(r);
    fields.push([name, v]);
    if (r.chance(0.1)) fields.push([name, value(r)]);
  }
  if (r.chance(0.4)) fields.push(["@note", value(r)]);
  if (r.chance(0.3)) fields.push(["@file", upload(r, maxFileSize)]);
  if (r.chance(0.2)) fields.push(["@required", r.pick(props)]);
  if (r.chance(0.1)) fields.push(["@lastactivity", value(r)]);
  return fields;
}

function target(r: Rng): string {
  const cls = r.chance(0.9) ? r.pick(CLASSES.slice(0, 6)) : r.pick(CLASSES);
  return r.oneOf([
    () => cls,
    // Not users 1-3: the admin, anonymous and the fuzzing user stay who they are.
    () =>
      `${cls}${
        r.pick(
          cls === "user"
            ? ["4", "5", "999999", "0", "04"]
            : ["1", "2", "3", "999999", "0", "01"],
        )
      }`,
    () => "",
  ]);
}

function actionFields(
  r: Rng,
  action: string,
  cls: string,
  maxFileSize: number,
) {
  const f: Array<[string, string | File]> = [];
  if (action === "login") {
    f.push(["__login_name", r.pick(["admin", "alice", value(r)])]);
    f.push(["__login_password", r.pick(["admin", "wrong", value(r)])]);
    if (r.chance(0.5)) f.push(["__came_from", value(r)]);
  } else if (action === "search") {
    const cls = "issue";
    for (let i = r.int(4); i >= 0; i--) {
      f.push([r.pick([...PROPS[cls]!, ...BOGUS_PROPS]), value(r)]);
    }
    if (r.chance(0.5)) f.push(["@columns", value(r)]);
    if (r.chance(0.5)) f.push(["@sort", value(r)]);
    if (r.chance(0.3)) f.push(["@group", value(r)]);
    if (r.chance(0.3)) f.push(["@pagesize", value(r)]);
    if (r.chance(0.4)) f.push(["@queryname", value(r)]);
    if (r.chance(0.3)) f.push(["@search_text", value(r)]);
    if (r.chance(0.2)) f.push(["@private", "yes"]);
  } else if (action === "passrst") {
    f.push([r.pick(["username", "address", "otk"]), value(r)]);
    if (r.chance(0.5)) f.push(["password", value(r)]);
  } else if (action === "queries") {
    f.push([r.pick(["show", "hide", "private@1", "delete"]), value(r)]);
  } else if (action === "register") {
    f.push(["username", r.chance(0.7) ? `fz${r.int(1000)}` : value(r)]);
    f.push(["password", r.pick(["pw", value(r)])]);
    if (r.chance(0.5)) f.push(["@confirm@password", r.pick(["pw", value(r)])]);
    f.push(["address", r.pick([`fz${r.int(1000)}@example.com`, value(r)])]);
    f.push(...fieldsFor(r, "user", maxFileSize));
  } else {
    // Mostly the fields of the class in the URL, sometimes another class's.
    const of = r.chance(0.8) && PROPS[cls] ? cls : r.pick(Object.keys(PROPS));
    f.push(...fieldsFor(r, of, maxFileSize));
  }
  return f;
}

/** Query parameters of an index, item or search page. */
function pageQuery(r: Rng): string {
  const p: Array<[string, string]> = [];
  const names = [
    "@columns",
    "@sort",
    "@group",
    "@filter",
    "@startwith",
    "@pagesize",
    "@template",
    "@dispname",
    "@index",
    "@search_text",
    "@action",
    "status",
    "activity",
    "creation",
    "title",
    "nosy",
    "assignedto",
    "keyword",
    "id",
    "nosuch",
  ];
  for (let i = r.int(6); i >= 0; i--) {
    const name = r.pick(names);
    const v = name === "@template"
      ? r.pick(["index", "item", "search", "help", "edit", "nosuch", value(r)])
      : name === "@columns" || name === "@filter"
      ? r.many(1 + r.int(3), () => r.pick([...PROPS.issue!, ...BOGUS_PROPS]))
        .join(r.pick([",", ", "]))
      : name === "@sort" || name === "@group"
      ? r.pick(["", "-", "+"]) + r.pick([...PROPS.issue!, ...BOGUS_PROPS])
      : name === "activity" || name === "creation"
      ? r.pick(DATES)
      : value(r);
    p.push([name, v]);
  }
  let q = new URLSearchParams(p).toString();
  if (r.chance(0.1)) q += r.pick(["&%ZZ=1", "&a=%C3%28", "&%=%", "&@sort=%FF"]);
  return q;
}

/** The query of a GET `@action` (show, confrego, export_csv, search, others). */
function actionQuery(r: Rng): string {
  const p = new URLSearchParams();
  const action = r.pick([
    "show",
    "confrego",
    "export_csv",
    "search",
    "passrst",
    "login",
    "edit",
    value(r),
  ]);
  p.set("@action", action);
  if (action === "show") {
    p.set("@type", r.pick([...CLASSES, value(r)]));
    p.set(
      "@number",
      r.pick(["1", "0", "99999999999999999999", "-1", "1e3", value(r)]),
    );
  } else if (action === "confrego" || action === "passrst") {
    p.set("otk", r.pick(["", "x", "a".repeat(3000), value(r)]));
  } else {
    p.set(
      "@columns",
      r.many(1 + r.int(3), () => r.pick([...PROPS.issue!, ...BOGUS_PROPS]))
        .join(","),
    );
    if (r.chance(0.5)) {
      p.set("@filter", r.pick([...PROPS.issue!, ...BOGUS_PROPS]));
    }
    if (r.chance(0.5)) {
      p.set(r.pick(["activity", "creation", "status", "title"]), value(r));
    }
    if (r.chance(0.3)) {
      p.set("@sort", r.pick([...PROPS.issue!, ...BOGUS_PROPS]));
    }
  }
  return p.toString();
}

/**
 * A POST that should mostly work: hostile text in titles, notes, names and file names, odd
 * uploads, multilink +/- edits. Stored, that text then shows up on the pages later cases fetch.
 */
function validCase(r: Rng, who: Who, maxFileSize: number): WebCase {
  const fields: Array<[string, string | File]> = [];
  const kind = r.pick([
    "newissue",
    "editissue",
    "keyword",
    "user",
    "file",
    "query",
    "retire",
  ]);
  let path = "issue";
  if (kind === "newissue" || kind === "editissue") {
    fields.push(["@action", kind === "newissue" ? "new" : "edit"]);
    if (kind === "editissue") path = `issue${1 + r.int(5)}`;
    if (kind === "newissue" || r.chance(0.5)) {
      fields.push(["title", hostileText(r)]);
    }
    if (r.chance(0.6)) fields.push(["@note", hostileText(r)]);
    if (r.chance(0.5)) fields.push(["@file", upload(r, maxFileSize)]);
    if (r.chance(0.4)) {
      fields.push([
        "nosy",
        r.pick(["+3", "-1", "+4,-3", "admin,alice", "+bob"]),
      ]);
    }
    if (r.chance(0.3)) fields.push(["keyword", r.pick(["1", "+1", "-1", ""])]);
  } else if (kind === "keyword") {
    path = "keyword";
    fields.push(["@action", "new"], ["name", hostileText(r)]);
  } else if (kind === "user") {
    path = "user";
    fields.push(
      ["@action", "new"],
      ["username", `fz${r.int(100000)}${r.pick(["", "<x-fz>", '"onfocus=x'])}`],
      ["realname", hostileText(r)],
      ["address", `fz${r.int(100000)}@example.com`],
    );
  } else if (kind === "query") {
    // A saved search with a hostile name, shown later in every user's query list.
    fields.push(
      ["@action", "search"],
      ["@queryname", hostileText(r)],
      ["@columns", "title"],
      ["title", hostileText(r)],
    );
    if (r.chance(0.5)) fields.push(["@private", "yes"]);
  } else if (kind === "retire") {
    path = `${r.pick(["keyword", "issue", "msg"])}${1 + r.int(8)}`;
    fields.push(["@action", r.pick(["retire", "restore"])]);
  } else {
    path = "file";
    fields.push(["@action", "new"], ["content", upload(r, maxFileSize)]);
  }
  return { who, method: "POST", path, fields, csrf: "valid" };
}

const RAW_TYPES = [
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=latin1",
  "multipart/form-data",
  "multipart/form-data; boundary=zz",
  "text/plain",
  "application/json",
  "",
];

/** Odd methods and headers: another Origin or Referer, a body that is not a form. */
function protocolCase(r: Rng, who: Who, path: string): WebCase {
  const method = r.pick(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST"]);
  const headers: Record<string, string> = {};
  if (r.chance(0.5)) {
    headers[r.pick(["origin", "referer"])] = r.pick([
      "http://evil.example",
      "null",
      "javascript:alert(1)",
      "http://localhost:8917.evil.example/demo/",
      "",
    ]);
  }
  if (r.chance(0.3)) {
    headers["x-requested-with"] = value(r).replace(/[^\x20-\x7e]/g, "");
  }
  const body = r.pick([
    '{"@action": "new", "title": "<x-fz>"}',
    '--zz\r\nContent-Disposition: form-data; name="@action"\r\n\r\nnew\r\n--zz',
    '--zz\r\nContent-Disposition: form-data; name="title"; filename="<x-fz>.html"\r\n',
    "@action=new&title=<x-fz>",
  ]);
  return {
    who,
    method,
    path,
    fields: [],
    csrf: "valid",
    raw: { type: r.pick(RAW_TYPES), body: new TextEncoder().encode(body) },
    headers,
  };
}

/** One generated request. */
export function webCase(r: Rng, maxFileSize: number): WebCase {
  const who = r.pick<Who>(["admin", "user", "anon"]);
  if (r.chance(0.1)) {
    const path = `${
      r.pick(["issue", "user", "keyword", "", "nosuch", "issue1"])
    }?${actionQuery(r)}`;
    return { who, method: "GET", path, fields: [], csrf: "none" };
  }
  if (r.chance(0.35)) {
    let path = target(r);
    if (r.chance(0.2)) {
      path = r.pick([
        "file1/x.html",
        `file${1 + r.int(40)}/a`,
        `msg${1 + r.int(40)}/`,
        "issue%ZZ",
        "%C3%28",
        "issue1/%FF",
        "user1%00",
        "issue99999999999999999999999",
        "query?@template=edit",
        `query${1 + r.int(10)}`,
        "user?@template=register",
        "user?@template=forgotten",
        "?@template=classlist",
        "issue?@template=search",
      ]);
    }
    return {
      who,
      method: "GET",
      path: `${path}${path.includes("?") ? "&" : "?"}${pageQuery(r)}`,
      fields: [],
      csrf: "none",
    };
  }
  if (r.chance(0.3)) return validCase(r, who, maxFileSize);
  const action = r.pick(ACTIONS);
  const path = target(r);
  const csrf = r.pick<WebCase["csrf"]>([
    "valid",
    "valid",
    "valid",
    "bad",
    "none",
    "twice",
  ]);
  if (r.chance(0.08)) {
    const body = r.pick([
      "@action=new&title=%ZZ&%C3%28=1",
      "@action=edit&title=%FF%FE&@csrf=x",
      "@action=login&__login_name=%00%00",
      "=&&==&@action",
    ]);
    const bytes = r.chance(0.5)
      ? new TextEncoder().encode(body)
      : new Uint8Array([
        ...new TextEncoder().encode(body + "&title="),
        0xff,
        0xc3,
        0x28,
        0x80,
      ]);
    return {
      who,
      method: "POST",
      path,
      fields: [],
      csrf,
      raw: { type: r.pick(RAW_TYPES), body: bytes },
    };
  }
  if (r.chance(0.05)) return protocolCase(r, who, path);
  const fields: Array<[string, string | File]> = [["@action", action]];
  if (r.chance(0.1)) fields.push(["@action", r.pick(ACTIONS)]);
  fields.push(
    ...actionFields(r, action, path.replace(/\d+$/, ""), maxFileSize),
  );
  return { who, method: "POST", path, fields, csrf };
}
