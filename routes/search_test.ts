import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

Deno.test("searchPage() offers every property the user may see, and searchAction() redirects to the index URL", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("alice", "alice");
    const page = await (await c.get("/demo/issue?@template=search")).text();
    for (
      const p of [
        "title",
        "status",
        "assignedto",
        "keyword",
        "priority",
        "creation",
      ]
    ) {
      assert.match(page, new RegExp(`name="${p}"`));
    }
    const token = /name="@csrf" value="([^"]+)"/.exec(page)![1]!;
    const fd = new FormData();
    for (
      const [k, v] of [
        ["@action", "search"],
        ["@csrf", token],
        ["status", "unread"],
        ["@columns", "id"],
        ["@columns", "title"],
        ["@sort", "id"],
        ["@pagesize", "50"],
      ]
    ) fd.append(k!, v!);
    const res = await c.request("/demo/issue", {
      method: "POST",
      body: fd,
      headers: { origin: c.origin },
    });
    assert.equal(res.status, 302);
    const loc = new URL(res.headers.get("location")!, "http://x");
    assert.equal(loc.pathname, "/demo/issue");
    assert.equal(loc.searchParams.get("@filter"), "status");
    assert.equal(loc.searchParams.get("@columns"), "id,title");
    const index = await (await c.get(loc.pathname + loc.search)).text();
    assert.match(index, /1–1 of 1/);
  } finally {
    await close();
  }
});

Deno.test("searchAction() shows the form again with the message for a bad date, and saves a named query once per name", async () => {
  const { t, app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("bob", "bob");
    const post = async (fields: Record<string, string>) =>
      await c.post("/demo/issue", {
        "@action": "search",
        "@csrf": await c.csrf("/demo/issue?@template=search"),
        ...fields,
      });
    const bad = await post({ activity: "yesterday-ish" });
    assert.equal(bad.status, 200);
    assert.match(await bad.text(), /yesterday-ish/);
    const saved = await post({
      status: "unread,testing",
      "@queryname": "Mine to test",
      "@sort": "id",
    });
    assert.equal(saved.status, 302);
    const again = await post({
      status: "testing",
      "@queryname": "Mine to test",
      "@sort": "id",
    });
    assert.equal(again.status, 302);
    const queries = await t.db.cls("query").list();
    assert.equal(queries.length, 1);
    assert.match(
      String(await t.db.cls("query").get(queries[0]!, "url")),
      /status=testing/,
    );
    assert.deepEqual(await t.db.cls("user").get("4", "queries"), queries);
    const home = await (await c.get("/demo/")).text();
    const href = /<\/h2><a href="([^"]+)">Mine to test<\/a>/
      .exec(home)![1]!.replaceAll("&amp;", "&");
    const list = await (await c.get(href)).text();
    assert.match(list, /<h1>Mine to test<\/h1>/);
    assert.match(list, /1–1 of 1/);
    const viaGet = await c.get(
      "/demo/issue?@action=search&status=1&@queryname=x",
    );
    assert.equal(viaGet.status, 400);
  } finally {
    await close();
  }
});

Deno.test("indexPage() leaves out items the user may not view: another user's private query", async () => {
  const { app, close } = await testTracker();
  try {
    const bob = new TestClient(app);
    await bob.login("bob", "bob");
    for (const [name, priv] of [["Bob private", "yes"], ["Bob public", ""]]) {
      const res = await bob.post("/demo/issue", {
        "@action": "search",
        "@csrf": await bob.csrf("/demo/issue?@template=search"),
        status: "unread",
        "@queryname": name!,
        ...(priv ? { "@private": priv } : {}),
      });
      assert.equal(res.status, 302);
    }
    const alice = new TestClient(app);
    await alice.login("alice", "alice");
    const list = await (await alice.get("/demo/query?@columns=id,name")).text();
    assert.match(list, /Bob public/);
    assert.doesNotMatch(list, /Bob private/);
    const csv =
      await (await alice.get("/demo/query?@action=export_csv&@columns=name"))
        .text();
    assert.doesNotMatch(csv, /Bob private/);
    assert.equal((await alice.get("/demo/query1")).status, 403);
    assert.match(
      await (await bob.get("/demo/query?@columns=id,name")).text(),
      /Bob private/,
    );
  } finally {
    await close();
  }
});

Deno.test("queriesAction() picks another user's public query into the list and retires an own one", async () => {
  const { t, app, close } = await testTracker();
  try {
    const bob = new TestClient(app);
    await bob.login("bob", "bob");
    const save = async (c: TestClient, name: string) =>
      await c.post("/demo/issue", {
        "@action": "search",
        "@csrf": await c.csrf("/demo/issue?@template=search"),
        status: "unread",
        "@queryname": name,
      });
    await save(bob, "Bob public");
    const alice = new TestClient(app);
    await alice.login("alice", "alice");
    await save(alice, "Alice own");
    const page = await (await alice.get("/demo/query?@template=edit")).text();
    assert.match(page, /Bob public/);
    const res = await alice.post("/demo/query", {
      "@action": "queries",
      "@csrf": /name="@csrf" value="([^"]+)"/.exec(page)![1]!,
      include: "1",
      delete: "2",
    });
    assert.equal(res.status, 302);
    assert.deepEqual(await t.db.cls("user").get("3", "queries"), ["1"]);
    assert.equal(await t.db.cls("query").isRetired("2"), true);
    assert.equal(await t.db.cls("query").isRetired("1"), false);
    const denied = await alice.post("/demo/query", {
      "@action": "queries",
      "@csrf": await alice.csrf("/demo/query?@template=edit"),
      delete: "1",
    });
    assert.equal(denied.status, 403);
  } finally {
    await close();
  }
});

Deno.test("searchPage() offers drop-downs for small linked classes and a text field for large ones, without listing them", async () => {
  const { app, t, close } = await testTracker();
  try {
    // More issues than a drop-down shows: superseder (a Link to issue) gets a text field.
    for (let i = 0; i < 55; i++) {
      await t.db.cls("issue").create({ title: `filler ${i}` });
    }
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const page = await (await c.get("/demo/issue?@template=search")).text();
    assert.match(page, /<select id="s-status" name="status">/);
    assert.match(page, /<option value="unread"/);
    assert.match(
      page,
      /<input type="text" id="s-superseder" name="superseder"/,
    );
    assert.doesNotMatch(page, /<option value="filler 1"/);
  } finally {
    await close();
  }
});
