import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

Deno.test("classHelpPage() lists a class's items by name; helpPage() explains dates", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("alice", "alice");
    const list = await c.get("/demo/user?@template=help");
    assert.equal(list.status, 200);
    const html = await list.text();
    for (const name of ["admin", "alice", "bob", "carol"]) {
      assert.match(html, new RegExp(`">${name}</label>`));
    }
    const item = await (await c.get("/demo/issue1")).text();
    assert.match(
      item,
      /href="\/demo\/user\?@template=help&amp;property=nosy&amp;type=checkbox" target="_blank"/,
    );
    const help = await c.get("/demo/help");
    assert.equal(help.status, 200);
    const text = await help.text();
    assert.match(text, /Ranges/);
    assert.match(text, /<h2>Saved queries<\/h2>/);
    assert.match(text, /<code>\[issue12\] anything<\/code>/);
    assert.equal((await c.get("/demo/?@template=nosuch")).status, 400);
  } finally {
    await close();
  }
});

Deno.test("MessageText folds quoted lines of a message into a collapsible block", async () => {
  const { t, app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("alice", "alice");
    await c.post("/demo/issue1", {
      "@action": "edit",
      "@csrf": await c.csrf("/demo/issue1"),
      "@note":
        "On Monday bob wrote:\n> one\n> two\n> three\nMy answer, see msg1",
    });
    const html = await (await c.get("/demo/issue1")).text();
    assert.match(
      html,
      /<details class="quoted"><summary>quoted text \(3 lines\)<\/summary>> one\n> two\n> three<\/details>/,
    );
    assert.match(html, /My answer, see <a href="\/demo\/msg1">msg1<\/a>/);
    assert.equal(
      (await t.db.cls("issue").get("1", "messages") as string[]).length,
      2,
    );
  } finally {
    await close();
  }
});

Deno.test("classListPage() lists the schema's classes with create links for the admin", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const html = await (await c.get("/demo/?@template=classlist")).text();
    for (
      const cls of [
        "issue",
        "keyword",
        "msg",
        "priority",
        "query",
        "status",
        "user",
      ]
    ) {
      assert.match(html, new RegExp(`<a href="/demo/${cls}">${cls}</a>`));
    }
    assert.match(html, /href="\/demo\/keyword\?@template=item">create new/);
  } finally {
    await close();
  }
});
