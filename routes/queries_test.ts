import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

type Fields = [string, string][];

/** Posts fields that may repeat (several "shown" or "include" values). */
async function postMany(c: TestClient, path: string, fields: Fields) {
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  return await c.request(path, {
    method: "POST",
    body: fd,
    headers: { origin: c.origin, referer: c.origin + path },
  });
}

async function saveQuery(c: TestClient, name: string, extra: Fields = []) {
  const res = await postMany(c, "/demo/issue", [
    ["@action", "search"],
    ["@csrf", await c.csrf("/demo/issue?@template=search")],
    ["status", "unread"],
    ["@queryname", name],
    ...extra,
  ]);
  assert.equal(res.status, 302, await res.text());
  return res;
}

async function editList(c: TestClient, fields: Fields) {
  return await postMany(c, "/demo/query", [
    ["@action", "queries"],
    ["@csrf", await c.csrf("/demo/query?@template=edit")],
    ...fields,
  ]);
}

async function twoUsers() {
  const tt = await testTracker();
  const bob = new TestClient(tt.app);
  await bob.login("bob", "bob");
  const alice = new TestClient(tt.app);
  await alice.login("alice", "alice");
  const users = tt.t.db.cls("user");
  const ids = {
    bob: await users.lookup("bob"),
    alice: await users.lookup("alice"),
  };
  const listOf = async (u: string) =>
    (await users.get(u, "queries") ?? []) as string[];
  return { ...tt, bob, alice, ids, listOf };
}

Deno.test("updateQueryList() making a public query private later leaves a copy with those who use it", async () => {
  const { t, bob, alice, ids, listOf, close } = await twoUsers();
  try {
    await saveQuery(bob, "Unread ones");
    assert.equal(await t.db.cls("query").get("1", "private_for"), null);
    const add = await editList(alice, [["shown", "1"], ["include", "1"]]);
    assert.equal(add.status, 302);
    assert.deepEqual(await listOf(ids.alice), ["1"]);
    const priv = await editList(bob, [
      ["shown", "1"],
      ["include", "1"],
      ["private@1", "yes"],
    ]);
    assert.equal(priv.status, 302);
    assert.equal(await t.db.cls("query").get("1", "private_for"), ids.bob);
    const [copy] = await listOf(ids.alice);
    assert.notEqual(copy, "1");
    const q = await t.db.cls("query").getItem(copy!);
    assert.equal(q.name, "Unread ones");
    assert.equal(q.creator, ids.alice);
    assert.equal(q.private_for, ids.alice);
    assert.equal(q.url, await t.db.cls("query").get("1", "url"));
    const home = await (await alice.get("/demo/")).text();
    assert.match(home, /Unread ones/);
    assert.doesNotMatch(
      await (await alice.get("/demo/query?@template=edit")).text(),
      /query1"/,
    );
  } finally {
    await close();
  }
});

Deno.test("updateQueryList() deleting a public query leaves a copy with those who use it", async () => {
  const { t, bob, alice, ids, listOf, close } = await twoUsers();
  try {
    await saveQuery(bob, "Unread ones");
    await editList(alice, [["shown", "1"], ["include", "1"]]);
    const del = await editList(bob, [["shown", "1"], ["delete", "1"]]);
    assert.equal(del.status, 302);
    assert.equal(await t.db.cls("query").isRetired("1"), true);
    assert.deepEqual(await listOf(ids.bob), []);
    const [copy] = await listOf(ids.alice);
    assert.equal(await t.db.cls("query").get(copy!, "name"), "Unread ones");
    assert.match(await (await alice.get("/demo/")).text(), /Unread ones/);
  } finally {
    await close();
  }
});

Deno.test("updateQueryList() removes an unticked query from the list and refuses to delete another's", async () => {
  const { bob, alice, ids, listOf, close } = await twoUsers();
  try {
    await saveQuery(bob, "Unread ones");
    await editList(alice, [["shown", "1"], ["include", "1"]]);
    assert.deepEqual(await listOf(ids.alice), ["1"]);
    assert.equal((await editList(alice, [["shown", "1"]])).status, 302);
    assert.deepEqual(await listOf(ids.alice), []);
    const denied = await editList(alice, [["shown", "1"], ["delete", "1"]]);
    assert.equal(denied.status, 403);
  } finally {
    await close();
  }
});

Deno.test("queryEditPage() fills the search form from the query, and saving another's query makes a personal copy", async () => {
  const { t, bob, alice, ids, listOf, close } = await twoUsers();
  try {
    await saveQuery(bob, "Unread ones", [["@sort", "title"], [
      "@columns",
      "id",
    ], ["@columns", "title"]]);
    await editList(alice, [["shown", "1"], ["include", "1"]]);
    const page = await (await alice.get("/demo/query1")).text();
    assert.match(page, /name="@queryname" value="Unread ones"/);
    assert.match(
      page,
      /name="status">(?:(?!<\/select>).)*<option value="unread" selected>/s,
    );
    assert.match(page, /<option value="title" selected>/);
    assert.match(page, /name="@queryid" value="1"/);
    const res = await postMany(alice, "/demo/issue", [
      ["@action", "search"],
      ["@csrf", /name="@csrf" value="([^"]+)"/.exec(page)![1]!],
      ["status", "chatting"],
      ["@queryname", "Unread ones"],
      ["@queryid", "1"],
    ]);
    assert.equal(res.status, 302);
    const [copy] = await listOf(ids.alice);
    assert.notEqual(copy, "1");
    assert.match(String(await t.db.cls("query").get(copy!, "url")), /chatting/);
    assert.match(String(await t.db.cls("query").get("1", "url")), /unread/);
    assert.equal(await t.db.cls("query").get("1", "creator"), ids.bob);
  } finally {
    await close();
  }
});

Deno.test("saveQuery() replaces the user's query of the same name and renames an edited own query", async () => {
  const { t, bob, ids, listOf, close } = await twoUsers();
  try {
    await saveQuery(bob, "Mine");
    await saveQuery(bob, "Mine", [["title", "crash"]]);
    assert.deepEqual(await listOf(ids.bob), ["1"]);
    assert.match(String(await t.db.cls("query").get("1", "url")), /crash/);
    await saveQuery(bob, "Renamed", [["@queryid", "1"]]);
    assert.equal(await t.db.cls("query").get("1", "name"), "Renamed");
    assert.deepEqual(await listOf(ids.bob), ["1"]);
    // Roundup's own field for the same: @old-queryname.
    await saveQuery(bob, "Again", [["@old-queryname", "Renamed"]]);
    assert.equal(await t.db.cls("query").get("1", "name"), "Again");
    assert.deepEqual(await listOf(ids.bob), ["1"]);
  } finally {
    await close();
  }
});

Deno.test("searchPage() is filled from the index parameters in its URL", async () => {
  const { bob, close } = await twoUsers();
  try {
    const page = await (await bob.get(
      "/demo/issue?@template=search&@filter=title,assignedto,keyword&title=crash&assignedto=-1&keyword=1,2&@sort=-creation&@group=priority",
    )).text();
    // Small linked classes get a drop-down; a value that is no single name keeps a text field.
    assert.match(
      page,
      /<select id="s-assignedto" name="assignedto">.*?<option value="-1" selected>not set<\/option>.*?<option value="bob">bob<\/option>/s,
    );
    assert.match(page, /name="keyword" value="1,2"/);
    assert.match(page, /name="@private" value="yes" checked/);
    assert.match(page, /name="title" value="crash"/);
    assert.match(page, /<option value="creation" selected>/);
    assert.match(page, /<option value="priority" selected>/);
  } finally {
    await close();
  }
});

Deno.test("indexPage() keeps @dispname on its paging links and links the search page filled with the index", async () => {
  const { bob, close } = await twoUsers();
  try {
    const index = await (await bob.get(
      "/demo/issue?@filter=title&title=the&@pagesize=1&@dispname=My%20view",
    )).text();
    const next = /href="([^"]+)">Next/.exec(index)![1]!.replace(/&amp;/g, "&");
    assert.match(next, /%40dispname=My\+view/);
    const page2 = await (await bob.get(next)).text();
    assert.match(page2, /<h1>My view<\/h1>/);
    const refine = /href="([^"]+)">Refine this search/.exec(index)![1]!
      .replace(/&amp;/g, "&");
    const form = await (await bob.get(refine)).text();
    assert.match(form, /name="title" value="the"/);
    assert.match(form, /name="@pagesize" value="1"/);
  } finally {
    await close();
  }
});

Deno.test("saveQuery() saving an own public query again as private leaves a copy with those who use it", async () => {
  const { t, bob, alice, ids, listOf, close } = await twoUsers();
  try {
    await saveQuery(bob, "Shared");
    await editList(alice, [["shown", "1"], ["include", "1"]]);
    await saveQuery(bob, "Shared", [["@private", "yes"]]);
    assert.equal(await t.db.cls("query").get("1", "private_for"), ids.bob);
    const [copy] = await listOf(ids.alice);
    assert.notEqual(copy, "1");
    assert.equal(await t.db.cls("query").get(copy!, "private_for"), ids.alice);
    assert.deepEqual(await listOf(ids.bob), ["1"]);
  } finally {
    await close();
  }
});
