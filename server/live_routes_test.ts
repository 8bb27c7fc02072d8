import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp } from "./app.ts";
import { openTracker } from "../tracker/home.ts";
import { TestClient, testTracker } from "./_test_tracker.ts";
import { ISLANDS_HASH, ISLANDS_JS } from "./_islands_bundle.ts";
import { ChangeHub, liveResponse } from "./live.ts";

Deno.test("the islands bundle is served under its hash for good; another hash is 404", async () => {
  const { app, close } = await testTracker();
  try {
    const res = await app.request(`/demo/@@file/islands-${ISLANDS_HASH}.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/javascript/);
    assert.match(
      res.headers.get("cache-control")!,
      /max-age=31536000, immutable/,
    );
    assert.equal(await res.text(), ISLANDS_JS);
    const old = await app.request("/demo/@@file/islands-0123456789ab.js");
    assert.equal(old.status, 404);
    await old.body?.cancel();
    const page = await (await app.request("/demo/")).text();
    assert.ok(page.includes(`src="/demo/@@file/islands-${ISLANDS_HASH}.js"`));
    assert.doesNotMatch(
      page,
      /<script(?![^>]*\bsrc=)[^>]*>/,
      "no inline script",
    );
  } finally {
    await close();
  }
});

Deno.test("@@api/lookup suggests items by key and real name, and needs View permission", async () => {
  const { app, close } = await testTracker();
  try {
    const anon = await app.request("/demo/@@api/lookup/user?q=a");
    assert.equal(anon.status, 403);
    await anon.body?.cancel();
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const r = await c.get("/demo/@@api/lookup/user?q=bui");
    assert.deepEqual(await r.json(), [
      { id: "4", name: "bob", detail: "Bob Builder" },
    ]);
    const starts = await (await c.get("/demo/@@api/lookup/user?q=a")).json();
    const names = starts.map((s: { name: string }) => s.name);
    assert.ok(names.includes("admin") && names.includes("alice"));
    assert.ok(!names.includes("bob"));
    const none = await c.get("/demo/@@api/lookup/nosuch?q=a");
    assert.equal(none.status, 404);
    await none.body?.cancel();
  } finally {
    await close();
  }
});

Deno.test("@@api/date says what a date means in the user's zone, or why it is not a date", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const ok = await (await c.get("/demo/@@api/date?v=2026-02-03.04:05"))
      .json();
    assert.deepEqual(ok, { ok: true, text: "2026-02-03.04:05:00 (UTC)" });
    const bad = await (await c.get("/demo/@@api/date?v=yesterdayish")).json();
    assert.equal(bad.ok, false);
    assert.match(bad.text, /yesterdayish/);
    const range = await (await c.get("/demo/@@api/date?v=2026-02;&range=1"))
      .json();
    assert.deepEqual(range, {
      ok: true,
      text: "from 2026-02-01.00:00:00 (UTC) to any time",
    });
  } finally {
    await close();
  }
});

Deno.test("@@api/index answers the rows of the same query as the page, with permissions", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const r = await c.get(
      "/demo/@@api/index/issue?@columns=id,title&@sort=id&@pagesize=2",
    );
    const data = await r.json();
    assert.deepEqual(data.columns, ["id", "title"]);
    assert.equal(data.rows.length, 2);
    assert.deepEqual(data.rows[0].cells[0], {
      text: "1",
      href: "/demo/issue1",
    });
    assert.match(data.count, /^1–2 of (about )?\d+$/);
    const bad = await c.get("/demo/@@api/index/issue?@sort=nosuch");
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
  } finally {
    await close();
  }
});

Deno.test("@@api/markdown renders a note sanitised, and refuses one too long", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const r = await c.request("/demo/@@api/markdown", {
      method: "POST",
      body: "*hi* issue1 <img src=x onerror=alert(1)>",
    });
    const { html } = await r.json();
    assert.match(html, /<em>hi<\/em> <a href="\/demo\/issue1"/);
    assert.doesNotMatch(html, /img|onerror/);
    const big = await c.request("/demo/@@api/markdown", {
      method: "POST",
      body: "x".repeat(200_001),
    });
    assert.equal(big.status, 413);
    await big.body?.cancel();
  } finally {
    await close();
  }
});

async function readEvent(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  event: string,
): Promise<string> {
  let text = "";
  const dec = new TextDecoder();
  while (!text.includes(`event: ${event}\n`)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before a "${event}" event`);
    text += dec.decode(value);
  }
  return text;
}

Deno.test("@@live streams a change event after a commit by another KV handle (another process)", async () => {
  const { app, t, close } = await testTracker();
  const other = await openTracker(t.home);
  try {
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const res = await c.get("/demo/@@live");
    assert.equal(
      res.headers.get("content-type"),
      "text/event-stream; charset=utf-8",
    );
    const reader = res.body!.getReader();
    await readEvent(reader, "hello");
    await new Promise((r) => setTimeout(r, 400));
    const t0 = performance.now();
    await other.db.cls("issue").set("1", { title: "changed" });
    await readEvent(reader, "change");
    assert.ok(performance.now() - t0 < 2000);
    await reader.cancel();
  } finally {
    other.close();
    await close();
  }
});

Deno.test("ChangeHub polls only while subscribed, and close() ends every stream", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const hub = new ChangeHub(kv, { pollMs: 20 });
    const res = liveResponse(hub);
    assert.equal(hub.size, 1);
    const reader = res.body!.getReader();
    await reader.read();
    hub.close();
    assert.equal(hub.size, 0);
    assert.equal((await reader.read()).done, true);
    const again = liveResponse(new ChangeHub(kv, { pollMs: 20 }));
    await again.body!.cancel();
  } finally {
    kv.close();
  }
});

Deno.test("HOME/html/style.css and logo.svg change the look without code", async () => {
  const { t, close } = await testTracker();
  try {
    await Deno.mkdir(join(t.home, "html"));
    await Deno.writeTextFile(
      join(t.home, "html", "style.css"),
      "body{color:rebeccapurple}",
    );
    await Deno.writeTextFile(
      join(t.home, "html", "logo.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    );
    const app = createApp(t, { base: "/demo" });
    const css = await (await app.request("/demo/@@file/style.css")).text();
    assert.ok(css.trimEnd().endsWith("body{color:rebeccapurple}"));
    const logo = await app.request("/demo/@@file/logo.svg");
    assert.equal(logo.headers.get("content-type"), "image/svg+xml");
    assert.match(await logo.text(), /<svg/);
    const page = await (await app.request("/demo/")).text();
    assert.match(page, /<img src="\/demo\/@@file\/logo.svg" alt class="logo"/);
  } finally {
    await close();
  }
});
