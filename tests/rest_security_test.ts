/** Request-level tests of REST security: sessions, rate and login limits, Origin and CORS. */
import assert from "node:assert/strict";
import { SessionStore } from "../store/mod.ts";
import { testTracker } from "../server/_test_tracker.ts";
import { cookieName } from "../server/context.ts";

const R = "http://localhost:8917/demo/rest";
const basic = (u: string, p = u) => ({
  Authorization: "Basic " + btoa(`${u}:${p}`),
});
const ADMIN = basic("admin");

async function json(r: Response) {
  return JSON.parse(await r.text());
}

Deno.test("rest: the session cookie of the web identifies the user", async () => {
  const { t, app, close } = await testTracker();
  try {
    const sid = await new SessionStore(t.db.kv).create("1", 60_000);
    const r = await app.request(`${R}/data/user/roles`, {
      headers: { Cookie: `${cookieName(t)}=${sid}` },
    });
    assert.equal(r.status, 200);
    assert.ok((await json(r)).data.collection.length >= 3);
    const anon = await app.request(`${R}/data/user/roles`);
    assert.equal(anon.status, 403);
  } finally {
    await close();
  }
});

Deno.test("rest: api_calls_per_interval answers 429 with Retry-After and X-RateLimit headers", async () => {
  const { app, close } = await testTracker({
    web_api_calls_per_interval: "2",
    web_api_interval_in_sec: "60",
  });
  try {
    const got = [];
    for (let i = 0; i < 3; i++) {
      got.push(await app.request(`${R}/data/issue`, { headers: ADMIN }));
    }
    assert.deepEqual(got.map((r) => r.status), [200, 200, 429]);
    assert.equal(got[0]!.headers.get("X-RateLimit-Limit"), "2");
    assert.equal(got[0]!.headers.get("X-RateLimit-Remaining"), "1");
    assert.equal(got[0]!.headers.get("X-RateLimit-Limit-Period"), "60");
    assert.equal(got[2]!.headers.get("Retry-After"), "30");
    const body = await json(got[2]!);
    assert.equal(body.error.status, 429);
    assert.match(body.error.msg, /rate limits exceeded/);
    const other = await app.request(`${R}/data/issue`, {
      headers: basic("alice"),
    });
    assert.equal(other.status, 200, "the limit is per user");
  } finally {
    await close();
  }
});

Deno.test("rest: failed logins are limited per user name, even with the right password next", async () => {
  const { app, close } = await testTracker({
    web_api_failed_login_limit: "2",
    web_api_failed_login_interval_in_sec: "600",
  });
  try {
    const bad = basic("alice", "wrong");
    const a = await app.request(`${R}/data/issue`, { headers: bad });
    const b = await app.request(`${R}/data/issue`, { headers: bad });
    assert.deepEqual([a.status, b.status], [401, 401]);
    assert.match(await a.text(), /^Invalid Login/);
    const c = await app.request(`${R}/data/issue`, { headers: basic("alice") });
    assert.equal(c.status, 429);
    assert.ok(c.headers.get("Retry-After"));
    const d = await app.request(`${R}/data/issue`, { headers: basic("bob") });
    assert.equal(d.status, 200);
  } finally {
    await close();
  }
});

Deno.test("rest: Origin is checked against [tracker] web and allowed_api_origins, with preflight", async () => {
  const { app, close } = await testTracker({
    web_allowed_api_origins: "http://app.example",
  });
  try {
    const evil = await app.request(`${R}/data/issue`, {
      headers: { ...ADMIN, Origin: "http://evil.example" },
    });
    assert.equal(evil.status, 400);
    const ok = await app.request(`${R}/data/issue`, {
      headers: { ...ADMIN, Origin: "http://app.example" },
    });
    assert.equal(ok.status, 200);
    assert.equal(
      ok.headers.get("Access-Control-Allow-Origin"),
      "http://app.example",
    );
    assert.equal(ok.headers.get("Access-Control-Allow-Credentials"), "true");
    const pre = await app.request(`${R}/data/issue`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://app.example",
        "Access-Control-Request-Method": "POST",
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(
      pre.headers.get("Access-Control-Allow-Methods"),
      "OPTIONS, GET, POST",
    );
    assert.match(
      pre.headers.get("Access-Control-Allow-Headers") ?? "",
      /X-Requested-With/,
    );
    const badPre = await app.request(`${R}/data/issue`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://evil.example",
        "Access-Control-Request-Method": "POST",
      },
    });
    assert.equal(badPre.status, 400);
  } finally {
    await close();
  }
});

Deno.test("rest: the rate limit lives in KV, so two servers of one tracker share it", async () => {
  const { t, app, close } = await testTracker({
    web_api_calls_per_interval: "2",
    web_api_interval_in_sec: "60",
  });
  try {
    const { createApp } = await import("../server/mod.ts");
    const other = createApp(t, { base: "/demo" });
    const a = await app.request(`${R}/data/issue`, { headers: ADMIN });
    const b = await other.request(`${R}/data/issue`, { headers: ADMIN });
    const c = await other.request(`${R}/data/issue`, { headers: ADMIN });
    assert.deepEqual([a.status, b.status, c.status], [200, 200, 429]);
  } finally {
    await close();
  }
});
