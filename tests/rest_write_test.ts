/** Request-level tests of REST writes: uploads, properties, @op rules, overrides, bad input. */
import assert from "node:assert/strict";
import { testTracker } from "../server/_test_tracker.ts";

const R = "http://localhost:8917/demo/rest";
const WRITE = {
  Authorization: "Basic " + btoa("admin:admin"),
  Origin: "http://localhost:8917",
  "X-Requested-With": "rest",
};
const JSON_TYPE = { "Content-Type": "application/json" };

type App = Awaited<ReturnType<typeof testTracker>>["app"];

async function etag(app: App, path: string): Promise<string> {
  const r = await app.request(`${R}/data/${path}`, { headers: WRITE });
  await r.body?.cancel();
  return r.headers.get("ETag")!;
}

Deno.test("rest: a multipart upload creates a file with its content, name and type", async () => {
  const { t, app, close } = await testTracker();
  try {
    const form = new FormData();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    form.append(
      "content",
      new File([bytes], "dump.bin", { type: "application/x-dump" }),
    );
    const r = await app.request(`${R}/data/file`, {
      method: "POST",
      headers: WRITE,
      body: form,
    });
    assert.equal(r.status, 201);
    const id = (await r.json()).data.id;
    assert.equal(await t.db.cls("file").get(id, "name"), "dump.bin");
    assert.equal(await t.db.cls("file").get(id, "type"), "application/x-dump");
    assert.deepEqual(await t.db.cls("file").getContent(id), bytes);
  } finally {
    await close();
  }
});

Deno.test("rest: PUT and DELETE of one property, with the rules Roundup applies", async () => {
  const { t, app, close } = await testTracker();
  try {
    const put = await app.request(`${R}/data/issue/1/title`, {
      method: "PUT",
      headers: {
        ...WRITE,
        ...JSON_TYPE,
        "If-Match": await etag(app, "issue/1"),
      },
      body: JSON.stringify({ data: "Put title" }),
    });
    assert.equal(put.status, 200);
    assert.deepEqual((await put.json()).data.attribute, { title: "Put title" });
    assert.equal(await t.db.cls("issue").get("1", "title"), "Put title");
    const del = await app.request(`${R}/data/issue/1/nosy`, {
      method: "DELETE",
      headers: { ...WRITE, "If-Match": await etag(app, "issue/1") },
    });
    assert.equal(del.status, 200);
    assert.deepEqual(await t.db.cls("issue").get("1", "nosy"), []);
    const key = await app.request(`${R}/data/status/1/name`, {
      method: "DELETE",
      headers: { ...WRITE, "If-Match": await etag(app, "status/1") },
    });
    assert.equal(key.status, 400, "the key property is required");
    const prot = await app.request(`${R}/data/issue/1/creation`, {
      method: "DELETE",
      headers: { ...WRITE, "If-Match": await etag(app, "issue/1") },
    });
    assert.equal(prot.status, 405);
  } finally {
    await close();
  }
});

Deno.test("rest: PATCH add appends to strings and multilinks; remove refuses required properties", async () => {
  const { t, app, close } = await testTracker();
  try {
    const patch = async (body: Record<string, unknown>) =>
      await app.request(`${R}/data/issue/2`, {
        method: "PATCH",
        headers: {
          ...WRITE,
          ...JSON_TYPE,
          "If-Match": await etag(app, "issue/2"),
        },
        body: JSON.stringify(body),
      });
    const before = await t.db.cls("issue").get("2", "title");
    assert.equal(
      (await patch({ "@op": "add", title: " (again)" })).status,
      200,
    );
    // Values are stripped first, as Roundup's rawToHyperdb does.
    assert.equal(
      await t.db.cls("issue").get("2", "title"),
      `${before}(again)`,
    );
    assert.equal((await patch({ "@op": "add", keyword: [] })).status, 200);
    assert.equal(
      (await patch({ "@op": "add", nosy: ["admin", "bob"] })).status,
      200,
    );
    const nosy = await t.db.cls("issue").get("2", "nosy") as string[];
    assert.ok(nosy.includes("1") && nosy.includes("4"));
    const bad = await patch({ "@op": "explode", title: "x" });
    assert.equal(bad.status, 400);
    const unknown = await patch({ nosuch: "x" });
    assert.equal(unknown.status, 400);
    const rem = await app.request(`${R}/data/status/1`, {
      method: "PATCH",
      headers: {
        ...WRITE,
        ...JSON_TYPE,
        "If-Match": await etag(app, "status/1"),
      },
      body: JSON.stringify({ "@op": "remove", name: "x" }),
    });
    assert.equal(rem.status, 400);
    assert.notEqual(await t.db.cls("status").get("1", "name"), null);
  } finally {
    await close();
  }
});

Deno.test("rest: X-HTTP-Method-Override turns a POST into a DELETE; bad JSON changes nothing", async () => {
  const { t, app, close } = await testTracker();
  try {
    const over = await app.request(`${R}/data/issue/3`, {
      method: "POST",
      headers: {
        ...WRITE,
        "X-HTTP-Method-Override": "DELETE",
        "If-Match": await etag(app, "issue/3"),
      },
    });
    assert.equal(over.status, 200);
    assert.equal(await t.db.cls("issue").isRetired("3"), true);
    const broken = await app.request(`${R}/data/issue/4`, {
      method: "PATCH",
      headers: {
        ...WRITE,
        ...JSON_TYPE,
        "If-Match": await etag(app, "issue/4"),
      },
      body: "{title: oops",
    });
    assert.equal(broken.status, 400);
    assert.match((await broken.json()).error.msg, /JSON/);
  } finally {
    await close();
  }
});
