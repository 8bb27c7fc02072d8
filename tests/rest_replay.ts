/**
 * Replays the REST cases of tests/fixtures/rest/cases.json against a server: `deno run -A
 * tests/rest_replay.ts URL OUT` records a real Roundup's answers (its tracker set up as
 * `setupSteps` says) into OUT; rest_compat_test.ts replays the same cases against ours.
 */

/** One request of the fixture file. */
export interface Case {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  json?: Record<string, unknown>;
  form?: Record<string, string>;
  /** "issue/3": send the item's current ETag in If-Match (or in the body as @etag). */
  etag?: string;
  etagInBody?: string;
  auth?: "admin" | "alice" | "none" | "bad";
  noXrw?: boolean;
  noOrigin?: boolean;
  /** Send to the link the named earlier case answered with (a Post Once Exactly link). */
  linkFrom?: string;
}

/** What an answer looked like. */
export interface Recorded {
  name: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Headers worth comparing (their presence and, for some, their value). */
export const KEPT_HEADERS = [
  "content-type",
  "x-count-total",
  "allow",
  "etag",
  "location",
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
];

const CREDENTIALS = {
  admin: "admin:secret",
  alice: "alice:pw",
  bad: "admin:wrong",
};

/** Sends every case in order through `fetchFn` with the tracker at `base` ("http://h/tracker/"). */
export async function replay(
  cases: Case[],
  base: string,
  fetchFn: (url: string, init: RequestInit) => Promise<Response>,
  passwords: Partial<Record<"admin" | "alice" | "bad", string>> = {},
): Promise<Recorded[]> {
  const origin = new URL(base).origin;
  const out: Recorded[] = [];
  const auth = (who: Case["auth"]): Record<string, string> => {
    if (who === "none") return {};
    const k = who ?? "admin";
    return { Authorization: "Basic " + btoa(passwords[k] ?? CREDENTIALS[k]) };
  };
  const etagOf = async (item: string) => {
    const r = await fetchFn(`${base}rest/data/${item}`, {
      headers: auth("admin"),
    });
    await r.body?.cancel();
    return r.headers.get("etag") ?? "";
  };
  for (const c of cases) {
    const method = c.method ?? "GET";
    const headers: Record<string, string> = { ...auth(c.auth) };
    if (method !== "GET" && method !== "OPTIONS") {
      if (!c.noOrigin) headers.Origin = origin;
      if (!c.noXrw) headers["X-Requested-With"] = "rest";
    }
    Object.assign(headers, c.headers ?? {});
    if (c.etag) headers["If-Match"] = await etagOf(c.etag);
    let body: string | undefined;
    if (c.json) {
      const json = { ...c.json };
      if (c.etagInBody) json["@etag"] = await etagOf(c.etagInBody);
      body = JSON.stringify(json);
      headers["Content-Type"] = "application/json";
    } else if (c.form) {
      body = new URLSearchParams(c.form).toString();
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    const from = c.linkFrom
      ? out.find((x) => x.name === c.linkFrom)?.body as
        | { data?: { link?: string } }
        | undefined
      : undefined;
    const url = from?.data?.link ?? base + c.path;
    const r = await fetchFn(url, { method, headers, body });
    const text = await r.text();
    const kept: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = r.headers.get(h);
      if (v !== null) kept[h] = v;
    }
    let parsed: unknown = text;
    try {
      parsed = text.trim() === "" ? null : JSON.parse(text);
    } catch { /* a plain-text answer stays text */ }
    out.push({ name: c.name, status: r.status, headers: kept, body: parsed });
  }
  return out;
}

if (import.meta.main) {
  const [base, out] = Deno.args;
  const cases = JSON.parse(
    await Deno.readTextFile(
      new URL("./fixtures/rest/cases.json", import.meta.url),
    ),
  ) as Case[];
  const rec = await replay(cases, base!, fetch);
  await Deno.writeTextFile(out!, JSON.stringify(rec, null, 2) + "\n");
}
