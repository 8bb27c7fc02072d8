/**
 * Fuzzing the web app: thousands of seeded requests (tests/_fuzz_web.ts) at a classic tracker on
 * a real KV file, as the admin, a plain user and anonymous. Every answer must be free of 500s and
 * stack traces, a refused POST must leave the store's change counter as it was, no hostile input
 * may come back unescaped in HTML, and uploaded HTML/SVG must be served as an attachment.
 */
import assert from "node:assert/strict";
import { changeCount } from "../store/mod.ts";
import type { Tracker } from "../tracker/home.ts";
import { hashPassword } from "../store/password.ts";
import { TestClient, testTracker } from "../server/_test_tracker.ts";
import { caseLabel, quote, Rng } from "./_fuzz.ts";
import { MARKERS, type WebCase, webCase, type Who } from "./_fuzz_web.ts";

/** Requests per run; FUZZ_REQUESTS scales it (CI runs the default). */
const REQUEST_COUNT = Number(Deno.env.get("FUZZ_REQUESTS") ?? 4000);
const MAX_REPORTED = 8;
const MAX_FILE_SIZE = 20_000;
const PASSWORDS: Record<Exclude<Who, "anon">, [string, string]> = {
  admin: ["admin", "admin"],
  user: ["alice", "alice"],
};

/** What the page shows of an internal error, or null. */
function internals(body: string, input: string): string | null {
  const checks: Array<[RegExp, string]> = [
    [/^\s*at .*:\d+:\d+\)?$/m, "a stack trace"],
    [/file:\/\//, "a source file"],
    [
      /\b(TypeError|RangeError|ReferenceError|SyntaxError|Error):/,
      "an error class",
    ],
    [/\[object \w+\]/, "[object …]"],
    [
      /is not a function|Cannot read propert|Invalid time value/,
      "an engine error",
    ],
  ];
  for (const [re, what] of checks) {
    const m = re.exec(body);
    if (m && !input.includes(m[0])) {
      const at = Math.max(0, m.index - 200);
      return `shows ${what}: ${quote(body.slice(at, at + 500))}`;
    }
  }
  return null;
}

async function login(client: TestClient, who: Who): Promise<void> {
  client.cookie = "";
  if (who === "anon") return;
  const [name, password] = PASSWORDS[who];
  const res = await client.login(name, password);
  assert.equal(res.status, 302, `Logging in as ${name} failed`);
}

function formOf(c: WebCase, token: string): FormData {
  const fd = new FormData();
  for (const [k, v] of c.fields) fd.append(k, v);
  if (c.csrf === "valid" || c.csrf === "twice") fd.append("@csrf", token);
  if (c.csrf === "twice") fd.append("@csrf", token);
  if (c.csrf === "bad") fd.append("@csrf", "fz" + token.slice(2));
  return fd;
}

/** Sends one case; returns the response and the text of the request for the report. */
async function send(client: TestClient, c: WebCase): Promise<Response> {
  const url = `/demo/${c.path}`;
  if (c.method === "GET") return await client.get(url);
  const token = c.csrf === "none" || c.csrf === "bad"
    ? "xxxxxxxx"
    : await client.csrf(
      c.who === "anon" ? "/demo/" : "/demo/issue?@template=item",
    );
  const headers = {
    origin: client.origin,
    referer: client.origin + url,
    ...c.headers,
  };
  if (c.raw) {
    const body = new Uint8Array([
      ...c.raw.body,
      ...new TextEncoder().encode(`&@csrf=${encodeURIComponent(token)}`),
    ]);
    return await client.request(url, {
      method: c.method,
      body: c.method === "HEAD" ? undefined : body,
      headers: { ...headers, "content-type": c.raw.type },
    });
  }
  return await client.request(url, {
    method: "POST",
    body: formOf(c, token),
    headers,
  });
}

/** Why the answer to `c` is wrong, or null. */
async function check(
  c: WebCase,
  res: Response,
  wrote: boolean,
  log: string[],
  seen: { escaped: number },
): Promise<string | null> {
  const type = res.headers.get("content-type") ?? "";
  const body = await res.text();
  const input = JSON.stringify(
    c.fields.map(([, v]) => typeof v === "string" ? v : v.name),
  ) +
    c.path;
  if (res.status >= 500) {
    return `answered ${res.status}; log: ${log.join("\n").slice(0, 1500)}`;
  }
  if (
    wrote &&
    (res.status >= 400 ||
      (res.status === 200 && c.method === "POST" && /error-message/.test(body)))
  ) {
    return `refused with ${res.status} but wrote to the store`;
  }
  if (wrote && c.method !== "POST") return `a ${c.method} wrote to the store`;
  // A download is the uploaded bytes as they were (checked below to be an attachment).
  const download = res.status === 200 && /^(file|msg)\d+\//.test(c.path);
  if (!download && (/html/i.test(type) || type === "")) {
    if (body.includes("&lt;x-fz")) seen.escaped++;
    const problem = internals(body, input);
    if (problem) return problem;
    for (const m of MARKERS) {
      const at = body.indexOf(m);
      if (at >= 0) {
        return `shows ${quote(m)} unescaped: ${
          quote(body.slice(Math.max(0, at - 200), at + 200))
        }`;
      }
    }
  }
  if (
    download &&
    /html|svg|xml/i.test(type) &&
    !/attachment/.test(res.headers.get("content-disposition") ?? "")
  ) {
    return `served ${type} inline`;
  }
  return null;
}

/** Every file the run uploaded, downloaded as the admin: active types only as attachments. */
async function sweepFiles(t: Tracker, admin: TestClient): Promise<string[]> {
  const out: string[] = [];
  const files = t.db.cls("file");
  for (const id of await files.list()) {
    const item = await files.getItem(id);
    const res = await admin.get(`/demo/file${id}/x`);
    await res.body?.cancel();
    const served = res.headers.get("content-type") ?? "";
    const disposition = res.headers.get("content-disposition") ?? "";
    if (res.status !== 200) {
      out.push(`file${id} (${quote(item.type)}) answered ${res.status}`);
    } else if (
      /html|xml|svg/i.test(served) && !/^attachment/.test(disposition)
    ) {
      out.push(
        `file${id} stored as ${quote(item.type)} is served inline as ${served}`,
      );
    }
  }
  return out;
}

Deno.test("the web app answers 4,000 generated hostile requests without a 500, a leak of markup or a write on refusal", async () => {
  const log: string[] = [];
  const env = await testTracker(
    { max_file_size: String(MAX_FILE_SIZE), "web.login_attempts_min": "0" },
    { log: (line) => log.push(line) },
  );
  // Cheap hashes: the run logs in and out a few hundred times.
  for (const [id, pw] of [["1", "admin"], ["3", "alice"]]) {
    const password = await hashPassword(pw!, { rounds: 1000 });
    await env.t.db.cls("user").set(id!, { password });
  }
  const clients = {
    admin: new TestClient(env.app),
    user: new TestClient(env.app),
    anon: new TestClient(env.app),
  };
  for (const who of ["admin", "user", "anon"] as const) {
    await login(clients[who], who);
  }
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const seen = { escaped: 0 };
  try {
    for (let n = 0; n < REQUEST_COUNT && failures.length < MAX_REPORTED; n++) {
      const c = webCase(Rng.forCase("web", n), MAX_FILE_SIZE);
      const client = clients[c.who];
      log.length = 0;
      let problem: string | null;
      try {
        const before = await changeCount(env.t.db.kv);
        const res = await send(client, c);
        const wrote = (await changeCount(env.t.db.kv)) !== before;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        problem = await check(c, res, wrote, log, seen);
      } catch (e) {
        const err = e as Error;
        problem = `crashed with ${err?.name}: ${err?.message}\n${err?.stack}`;
      }
      if (problem) {
        failures.push(
          `${caseLabel("web", n)}: ${problem}\nrequest: ${c.who} ${c.method} ${
            quote(c.path, 300)
          } ${
            quote(
              c.fields.map(([k, v]) => [
                k,
                typeof v === "string"
                  ? v
                  : `File(${v.name}, ${v.type}, ${v.size})`,
              ]),
              800,
            )
          }`,
        );
      }
      // Logging in or out, or editing one's own user, may change who a client is.
      if (
        c.fields.some(([k, v]) =>
          k === "@action" && (v === "login" || v === "logout")
        ) || c.raw
      ) {
        await login(client, c.who).catch(() => login(client, c.who));
      }
    }
    failures.push(...await sweepFiles(env.t, clients.admin));
    const uploaded = (await env.t.db.cls("file").list()).length;
    assert.deepEqual(failures, [], failures.join("\n\n"));
    // The run must reach both kinds of answer, or it proves little.
    const ok = (statuses.get(200) ?? 0) + (statuses.get(302) ?? 0);
    assert.ok(ok > REQUEST_COUNT / 5, JSON.stringify([...statuses]));
    assert.ok((statuses.get(413) ?? 0) > 0, "no upload was over the limit");
    assert.ok(uploaded > 10, `only ${uploaded} files were uploaded`);
    // Hostile text must reach the pages (escaped), or the check for it proves nothing.
    assert.ok(seen.escaped > REQUEST_COUNT / 10, `escaped ${seen.escaped}`);
    assert.ok(
      (statuses.get(400) ?? 0) > REQUEST_COUNT / 10,
      JSON.stringify([...statuses]),
    );
  } finally {
    await env.close();
  }
});
