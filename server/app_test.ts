import assert from "node:assert/strict";
import { TestClient, testTracker } from "./_test_tracker.ts";
import { createApp } from "./app.ts";

Deno.test("createApp() serves the home page with security headers and no inline script", async () => {
  const { app, close } = await testTracker();
  try {
    const res = await app.request("http://localhost:8917/demo/");
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const html = await res.text();
    assert.match(html, /Open issues/);
    assert.match(html, /Login page rejects valid passwords/);
    assert.doesNotMatch(html, /<script>/);
  } finally {
    await close();
  }
});

Deno.test("createApp() answers 404 for unknown classes and items, 400 for a bad @template or @sort", async () => {
  const { app, close } = await testTracker();
  try {
    const get = (p: string) => app.request(`http://localhost:8917/demo/${p}`);
    const nosuch = await get("nosuch");
    assert.equal(nosuch.status, 404);
    assert.match(await nosuch.text(), /There is no class &quot;nosuch&quot;/);
    assert.equal((await get("issue99")).status, 404);
    assert.equal((await get("issue?@template=bogus")).status, 400);
    const sort = await get("issue?@sort=nope");
    assert.equal(sort.status, 400);
    assert.match(await sort.text(), /has no property &quot;nope&quot;/);
    assert.equal((await get("issue?@pagesize=ten")).status, 400);
    assert.equal((await get("issue%E0")).status, 400);
    const put = await app.request("http://localhost:8917/demo/issue1", {
      method: "PUT",
    });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get("allow"), "GET, HEAD, POST");
  } finally {
    await close();
  }
});

Deno.test("createApp() refuses anonymous users what the schema does not grant them (403)", async () => {
  const { app, close } = await testTracker();
  try {
    const newIssue = await app.request(
      "http://localhost:8917/demo/issue?@template=item",
    );
    assert.equal(newIssue.status, 403);
    assert.match(await newIssue.text(), /anonymous/);
    assert.equal(
      (await app.request("http://localhost:8917/demo/user")).status,
      403,
    );
  } finally {
    await close();
  }
});

Deno.test("createApp() takes HTTP Basic auth for pages and answers 401 to a wrong password", async () => {
  const { app, close } = await testTracker();
  try {
    const auth = (s: string) => ({ authorization: `Basic ${btoa(s)}` });
    const ok = await app.request(
      "http://localhost:8917/demo/issue?@template=item",
      { headers: auth("alice:alice") },
    );
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /Hello, alice/);
    const bad = await app.request(
      "http://localhost:8917/demo/issue?@template=item",
      { headers: auth("alice:nope") },
    );
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get("www-authenticate") ?? "", /Basic/);
  } finally {
    await close();
  }
});

Deno.test("createApp() reports a bug as 500 with a request id, the stack only in the log", async () => {
  const { t, close } = await testTracker();
  const log: string[] = [];
  try {
    t.db.audit("issue", "create", () => {
      throw new Error("boom in an auditor");
    });
    const app = createApp(t, { base: "/demo", log: (l) => log.push(l) });
    const client = new TestClient(app);
    await client.login("alice", "alice");
    const token = await client.csrf("/demo/issue?@template=item");
    const res = await client.post("/demo/issue", {
      "@action": "new",
      "@csrf": token,
      title: "x",
      priority: "bug",
    });
    assert.equal(res.status, 500);
    const html = await res.text();
    const id = /request id ([0-9a-f]{12})/.exec(html)?.[1];
    assert.ok(id, "the page names a request id");
    assert.doesNotMatch(html, /boom|at \w+ \(/);
    assert.equal(log.length, 1);
    assert.match(log[0]!, new RegExp(`\\[${id}\\].*boom in an auditor`, "s"));
  } finally {
    await close();
  }
});

Deno.test("createApp() serves the stylesheet and a designator jump (@action=show)", async () => {
  const { app, close } = await testTracker();
  try {
    const css = await app.request(
      "http://localhost:8917/demo/@@file/style.css",
    );
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /text\/css/);
    const show = await app.request(
      "http://localhost:8917/demo/?@action=show&@type=issue&@number=3",
      { redirect: "manual" },
    );
    assert.equal(show.status, 302);
    assert.equal(show.headers.get("location"), "/demo/issue3");
    const bad = await app.request(
      "http://localhost:8917/demo/?@action=show&@type=issue&@number=x",
    );
    assert.equal(bad.status, 400);
  } finally {
    await close();
  }
});

Deno.test("createApp() answers a malformed form with 400 and a body over max_file_size with 413", async () => {
  const { app, close } = await testTracker({ max_file_size: "1000" });
  try {
    const bad = await app.request("http://localhost:8917/demo/issue", {
      method: "POST",
      headers: {
        "content-type": "multipart/form-data",
        origin: "http://localhost:8917",
      },
      body:
        '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nno end',
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Cannot read the posted form/);
    const big = await app.request("http://localhost:8917/demo/issue", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://localhost:8917",
      },
      body: "title=" + "x".repeat(1024 * 1024 + 2000),
    });
    assert.equal(big.status, 413);
    assert.match(await big.text(), /larger than \[main\] max_file_size/);
  } finally {
    await close();
  }
});

Deno.test("createApp() writes nothing to KV for page views, anonymous or logged in", async () => {
  const { t, app, close } = await testTracker();
  try {
    const count = async () => {
      let n = 0;
      for await (const _ of t.db.kv.list({ prefix: [] })) n++;
      return n;
    };
    const c = new TestClient(app);
    await c.login("alice", "alice");
    const before = await count();
    for (
      const p of [
        "/demo/",
        "/demo/issue1",
        "/demo/issue?@template=item",
        "/demo/issue?@template=search",
      ]
    ) {
      assert.equal((await c.get(p)).status, 200);
      assert.equal(
        (await app.request(`http://localhost:8917${p}`)).status,
        p.includes("@template=item") ? 403 : 200,
      );
    }
    assert.equal(await count(), before);
  } finally {
    await close();
  }
});

Deno.test("createApp() answers with the message in plain text when even the error page cannot be drawn (no anonymous user)", async () => {
  const { t, app, close } = await testTracker();
  try {
    await t.db.cls("user").set("2", { username: "nobody" });
    const res = await app.request("http://localhost:8917/demo/");
    assert.equal(res.status, 404);
    assert.match(await res.text(), /no user "anonymous"/);
  } finally {
    await close();
  }
});

Deno.test("createApp() takes a search by GET with a field named constructor as a bad field, not a crash", async () => {
  const { app, close } = await testTracker();
  try {
    const res = await app.request(
      "http://localhost:8917/demo/issue?@action=search&constructor=x&__proto__=y",
    );
    await res.body?.cancel();
    assert.ok(res.status < 500, `status ${res.status}`);
  } finally {
    await close();
  }
});
