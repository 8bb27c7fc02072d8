/** Request-level checks of what the Web II pages render without any JavaScript running. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp } from "../server/app.ts";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

Deno.test("home shows the open-issues chart island over a plain table of counts", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const html = await (await c.get("/demo/")).text();
    assert.match(html, /data-island="OpenChart"/);
    assert.match(
      html,
      /<table class="list chart-table"><caption>Open issues by status/,
    );
    assert.match(html, /data-island="LiveList"/);
    assert.match(html, /<div id="live-index"><p class="count">/);
    assert.match(html, /data-island="Shortcuts"/);
  } finally {
    await close();
  }
});

Deno.test("an issue shows its history as a timeline and its fields as islands", async () => {
  const { app, t, close } = await testTracker();
  try {
    await t.db.cls("issue").set("1", { title: "Renamed" });
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const html = await (await c.get("/demo/issue1")).text();
    assert.match(html, /<ol class="timeline">/);
    assert.match(
      html,
      /<li class="event set">.*?changed<div class="what">title: /,
    );
    assert.match(html, /<li class="event create">/);
    assert.match(html, /data-island="NosyEditor"/);
    assert.match(
      html,
      /data-island="Picker"[^>]*&quot;cls&quot;:&quot;keyword&quot;/,
    );
    assert.match(html, /<input type="text" id="f-nosy" name="nosy"/);
    assert.doesNotMatch(html, /class="markdown"/);
  } finally {
    await close();
  }
});

Deno.test("messages render as sanitised Markdown when [markdown] render_messages is on", async () => {
  const { app: _plain, t, close } = await testTracker();
  try {
    const ini = join(t.home, "config.ini");
    const text = await Deno.readTextFile(ini);
    await Deno.writeTextFile(
      ini,
      text.replace("[markdown]", "[markdown]\nrender_messages = yes"),
    );
    t.config.set("markdown", "render_messages", "yes");
    const msg = await t.db.cls("msg").create({
      content: "**loud** issue2\n\n<script>alert(1)</script>",
      author: "1",
    });
    const msgs = (await t.db.cls("issue").get("1", "messages")) as string[];
    await t.db.cls("issue").set("1", { messages: [...msgs, msg] });
    const app = createApp(t, { base: "/demo" });
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const html = await (await c.get("/demo/issue1")).text();
    assert.match(
      html,
      /<div class="markdown"><p><strong>loud<\/strong> <a href="\/demo\/issue2"/,
    );
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /data-island="NotePreview"/);
  } finally {
    await close();
  }
});
