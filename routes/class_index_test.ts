import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

function ids(html: string): string[] {
  return [...html.matchAll(/<td><a href="\/demo\/issue(\d+)">\1<\/a><\/td>/g)]
    .map((m) => m[1]!);
}

Deno.test("indexPage() lists every issue at the bare URL, sorted by -activity, with a count", async () => {
  const { app, close } = await testTracker();
  try {
    const html = await (await app.request("http://localhost:8917/demo/issue"))
      .text();
    assert.deepEqual(ids(html).sort(), ["1", "2", "3", "4", "5"]);
    assert.match(html, /1–5 of 5/);
  } finally {
    await close();
  }
});

Deno.test("indexPage() filters by key names, -1 and ids, sorts, and pages with @pagesize/@startwith", async () => {
  const { app, close } = await testTracker();
  try {
    const get = async (q: string) =>
      await (await app.request(`http://localhost:8917/demo/issue?${q}`)).text();
    assert.deepEqual(
      ids(await get("@columns=id,title&@filter=status&status=resolved")),
      ["3"],
    );
    assert.deepEqual(
      ids(
        await get(
          "@columns=id,title&@filter=status&status=unread,testing&@sort=id",
        ),
      ),
      ["1", "5"],
    );
    assert.deepEqual(
      ids(await get("@columns=id&@filter=assignedto&assignedto=-1")),
      [],
    );
    assert.deepEqual(
      ids(await get("@columns=id&@filter=id&id=2,4&@sort=-id")),
      ["4", "2"],
    );
    const page2 = await get("@columns=id&@sort=id&@pagesize=2&@startwith=2");
    assert.deepEqual(ids(page2), ["3", "4"]);
    assert.match(page2, /3–4 of (about )?5/);
    assert.match(page2, /Previous/);
    assert.match(page2, /Next/);
    const grouped = await get("@columns=id,title&@group=priority&@sort=id");
    assert.match(
      grouped,
      /<tr class="group"><th colSpan="2">critical<\/th><\/tr>/i,
    );
  } finally {
    await close();
  }
});

Deno.test("indexPage() refuses a bad date filter and an unknown @filter property with 400", async () => {
  const { app, close } = await testTracker();
  try {
    const bad = await app.request(
      "http://localhost:8917/demo/issue?@filter=activity&activity=notadate",
    );
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /notadate/);
    const unknown = await app.request(
      "http://localhost:8917/demo/issue?@filter=colour&colour=red",
    );
    assert.equal(unknown.status, 400);
    const range = await app.request(
      "http://localhost:8917/demo/issue?@columns=id&@filter=activity&activity=2000-01-01%3B",
    );
    assert.equal(ids(await range.text()).length, 5);
  } finally {
    await close();
  }
});

Deno.test("csvExport() gives the index as displayed, every page, as CSV", async () => {
  const { app, close } = await testTracker();
  try {
    const res = await app.request(
      "http://localhost:8917/demo/issue?@action=export_csv&@columns=id,title,status&@sort=id&@pagesize=2",
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/csv/);
    const lines = (await res.text()).trim().split("\n");
    assert.equal(lines[0], '"id","title","status"');
    assert.equal(lines.length, 6);
    assert.equal(lines[1], '"1","Login page rejects valid passwords","unread"');
  } finally {
    await close();
  }
});

Deno.test("indexPage() shows a user's own issues through the menu's @filter link", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("bob", "bob");
    const home = await (await c.get("/demo/")).text();
    const href = /href="([^"]*)">\s*Your Issues/.exec(home)![1]!.replaceAll(
      "&amp;",
      "&",
    );
    const mine = await (await c.get(href)).text();
    // Sample issues 1 and 4 are assigned to bob and open.
    assert.deepEqual(ids(mine).sort(), ["1", "4"]);
    assert.match(mine, /<h1>Your Issues<\/h1>/);
  } finally {
    await close();
  }
});

Deno.test("itemPage() links the previous and next item of the index it was opened from", async () => {
  const { app, close } = await testTracker();
  try {
    const index = await (await app.request(
      "http://localhost:8917/demo/issue?@columns=id,title&@sort=id",
    )).text();
    const href = /<a href="(\/demo\/issue3\?%40index=[^"]+)">Typo/.exec(
      index,
    )![1]!.replaceAll("&amp;", "&");
    const page = await (await app.request(`http://localhost:8917${href}`))
      .text();
    assert.match(
      page,
      /<a href="\/demo\/issue2\?%40index=[^"]+">‹ issue2<\/a>/,
    );
    assert.match(
      page,
      /<a href="\/demo\/issue4\?%40index=[^"]+">issue4 ›<\/a>/,
    );
    // The links carry the row, so the next page reads only the rows around it.
    const next = /<a href="([^"]+)">issue4 ›/.exec(page)![1]!.replaceAll(
      "&amp;",
      "&",
    );
    assert.equal(
      new URLSearchParams(new URL(next, "http://x").searchParams.get("@index")!)
        .get("@startwith"),
      "3",
    );
    const fourth = await (await app.request(`http://localhost:8917${next}`))
      .text();
    assert.match(fourth, />‹ issue3<\/a>/);
    assert.match(fourth, />issue5 ›<\/a>/);
    // A row far from where the item is now gives no links (and reads no whole index).
    const far = await (await app.request(
      `http://localhost:8917/demo/issue3?${new URLSearchParams({
        "@index": "@sort=id&@startwith=60",
      })}`,
    )).text();
    assert.doesNotMatch(far, /‹ issue2/);
    const plain = await (await app.request("http://localhost:8917/demo/issue3"))
      .text();
    assert.doesNotMatch(plain, /‹ issue2/);
    const bad = await app.request(
      "http://localhost:8917/demo/issue3?@index=%40sort%3Dnope",
    );
    assert.equal(bad.status, 200);
  } finally {
    await close();
  }
});

Deno.test("indexPage() shows other users' addresses to nobody but the admin, and will not filter on them", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("alice", "alice");
    const list =
      await (await c.get("/demo/user?@columns=id,username,address&@sort=id"))
        .text();
    assert.match(list, /alice@example.com/, "her own address");
    assert.doesNotMatch(list, /bob@example.com/);
    const probe = await (await c.get(
      "/demo/user?@columns=id,username&@filter=address&address=bob@",
    )).text();
    assert.doesNotMatch(probe, /<td>bob<\/td>/);
    const csv = await (await c.get(
      "/demo/user?@action=export_csv&@columns=username,address",
    )).text();
    assert.doesNotMatch(csv, /carol@example.com/);
    const admin = new TestClient(app);
    await admin.login("admin", "admin");
    assert.match(
      await (await admin.get("/demo/user?@columns=id,username,address")).text(),
      /bob@example.com/,
    );
  } finally {
    await close();
  }
});
