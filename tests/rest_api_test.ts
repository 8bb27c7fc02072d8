/** Request-level tests of the REST API: CSRF headers, negotiation, limits, permissions, writes. */
import assert from "node:assert/strict";
import { testTracker } from "../server/_test_tracker.ts";

const ORIGIN = "http://localhost:8917";
const R = "http://localhost:8917/demo/rest";
const basic = (u: string, p = u) => ({
  Authorization: "Basic " + btoa(`${u}:${p}`),
});
const ADMIN = basic("admin");
const WRITE = { ...ADMIN, Origin: ORIGIN, "X-Requested-With": "rest" };

async function json(r: Response) {
  return JSON.parse(await r.text());
}

Deno.test("rest: a change without X-Requested-With, Origin or a known type writes nothing", async () => {
  const { t, app, close } = await testTracker();
  try {
    const before = (await t.db.cls("issue").list()).length;
    const body = JSON.stringify({ title: "Nope" });
    const type = { "Content-Type": "application/json" };
    const noXrw = await app.request(`${R}/data/issue`, {
      method: "POST",
      body,
      headers: { ...ADMIN, Origin: ORIGIN, ...type },
    });
    const noOrigin = await app.request(`${R}/data/issue`, {
      method: "POST",
      body,
      headers: { ...ADMIN, "X-Requested-With": "rest", ...type },
    });
    const text = await app.request(`${R}/data/issue`, {
      method: "POST",
      body: "title=x",
      headers: { ...WRITE, "Content-Type": "text/plain" },
    });
    assert.deepEqual([noXrw.status, noOrigin.status, text.status], [
      400,
      400,
      415,
    ]);
    assert.equal((await t.db.cls("issue").list()).length, before);
    const ok = await app.request(`${R}/data/issue`, {
      method: "POST",
      body,
      headers: { ...WRITE, ...type },
    });
    assert.equal(ok.status, 201);
    assert.equal((await t.db.cls("issue").list()).length, before + 1);
  } finally {
    await close();
  }
});

Deno.test("rest: Accept and URL extensions pick JSON or refuse with 406; binary_content gives bytes", async () => {
  const { t, app, close } = await testTracker();
  try {
    const png = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const fid = await t.db.cls("file").create({
      name: "a.png",
      type: "image/png",
      content: png,
    });
    const html = await app.request(`${R}/data/issue`, {
      headers: { ...ADMIN, Accept: "text/html" },
    });
    const xml = await app.request(`${R}/data/issue.xml`, { headers: ADMIN });
    const dotJson = await app.request(`${R}/data/issue/1.json`, {
      headers: ADMIN,
    });
    assert.deepEqual([html.status, xml.status, dotJson.status], [
      406,
      406,
      200,
    ]);
    const raw = await app.request(`${R}/data/file/${fid}/binary_content`, {
      headers: { ...ADMIN, Accept: "image/png" },
    });
    assert.equal(raw.headers.get("Content-Type"), "image/png");
    assert.deepEqual(new Uint8Array(await raw.arrayBuffer()), png);
    const wrong = await app.request(`${R}/data/file/${fid}/binary_content`, {
      headers: { ...ADMIN, Accept: "text/csv" },
    });
    assert.equal(wrong.status, 406);
  } finally {
    await close();
  }
});

Deno.test("rest: max_response_row_size caps @page_size; @stats, X-Count-Total and HEAD", async () => {
  const { t, app, close } = await testTracker();
  try {
    // Not an option our config.ini template writes, but read when present (as Roundup 2.4+).
    t.config.set("web", "max_response_row_size", "4");
    const big = await app.request(`${R}/data/issue?@page_size=4`, {
      headers: ADMIN,
    });
    assert.equal(big.status, 400);
    const page = await app.request(`${R}/data/issue?@page_size=2&@stats=true`, {
      headers: ADMIN,
    });
    const body = await json(page);
    assert.equal(body.data.collection.length, 2);
    assert.equal(typeof body.data["@stats"].elapsed, "number");
    assert.equal(
      page.headers.get("X-Count-Total"),
      "-1",
      "5 issues reach the limit of 4",
    );
    const head = await app.request(`${R}/data/issue`, {
      method: "HEAD",
      headers: ADMIN,
    });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), "");
  } finally {
    await close();
  }
});

Deno.test("rest: permissions of the schema apply; refused and stale changes write nothing", async () => {
  const { t, app, close } = await testTracker();
  try {
    const alice = {
      ...basic("alice"),
      Origin: ORIGIN,
      "X-Requested-With": "rest",
    };
    const tagOf = async (p: string, h = ADMIN) =>
      (await app.request(`${R}/data/${p}`, { headers: h })).headers.get(
        "ETag",
      )!;
    const u1 = await app.request(`${R}/data/user/1`, {
      method: "PATCH",
      headers: {
        ...alice,
        "If-Match": await tagOf("user/1"),
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ realname: "Evil" }),
    });
    assert.equal(u1.status, 403);
    assert.equal(await t.db.cls("user").get("1", "realname"), null);
    const old = await tagOf("issue/1");
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const first = await app.request(`${R}/data/issue/1`, {
      method: "PATCH",
      headers: { ...alice, ...form },
      body: `title=New&@etag=${encodeURIComponent(old)}`,
    });
    assert.equal(first.status, 200);
    const stale = await app.request(`${R}/data/issue/1`, {
      method: "PUT",
      headers: { ...WRITE, ...form, "If-Match": old },
      body: "title=Lost",
    });
    assert.equal(stale.status, 412);
    assert.equal(await t.db.cls("issue").get("1", "title"), "New");
    const put = await app.request(`${R}/data/issue`, {
      method: "PUT",
      headers: WRITE,
    });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get("Allow"), "OPTIONS, GET, POST");
    const none = await app.request(`${R}/nothing/here`, { headers: ADMIN });
    assert.equal(none.status, 404);
  } finally {
    await close();
  }
});

Deno.test("rest: DELETE retires, the restore action brings the item back", async () => {
  const { t, app, close } = await testTracker();
  try {
    const tag = async () =>
      (await app.request(`${R}/data/issue/2`, { headers: ADMIN })).headers.get(
        "ETag",
      )!;
    const del = await app.request(`${R}/data/issue/2`, {
      method: "DELETE",
      headers: { ...WRITE, "If-Match": await tag() },
    });
    assert.equal(del.status, 200);
    assert.equal(await t.db.cls("issue").isRetired("2"), true);
    const list = await json(
      await app.request(`${R}/data/issue`, { headers: ADMIN }),
    );
    assert.ok(!list.data.collection.some((x: { id: string }) => x.id === "2"));
    const back = await app.request(`${R}/data/issue/2`, {
      method: "PATCH",
      headers: {
        ...WRITE,
        "If-Match": await tag(),
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ "@op": "action", "@action_name": "restore" }),
    });
    assert.equal(back.status, 200);
    assert.equal(await t.db.cls("issue").isRetired("2"), false);
  } finally {
    await close();
  }
});

Deno.test("rest: a change by any part of the server empties the page cache at once", async () => {
  const { t, app, close } = await testTracker();
  try {
    const titles = async () =>
      (await json(
        await app.request(`${R}/data/issue?@verbose=2`, { headers: ADMIN }),
      )).data.collection.map((x: { title: string }) => x.title);
    assert.notEqual((await titles())[0], "Changed elsewhere");
    await t.db.cls("issue").set("1", { title: "Changed elsewhere" });
    assert.equal((await titles())[0], "Changed elsewhere");
    t.config.set("web", "rest_page_cache_ms", "0");
    assert.equal((await titles())[0], "Changed elsewhere");
  } finally {
    await close();
  }
});
