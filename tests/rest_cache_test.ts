/**
 * REST GETs through the view cache: exact after a change by any process (a second handle on the
 * KV file, a real `roundup admin`), one KV read for a repeated GET of unchanged data, and every
 * part of the request that changes the answer in its key.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashPassword } from "../store/password.ts";
import { openTracker } from "../tracker/home.ts";
import { testTracker } from "../server/_test_tracker.ts";

const ORIGIN = "http://localhost:8917";
const R = "http://localhost:8917/demo/rest";
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const basic = (u: string, p = u) => ({
  Authorization: "Basic " + btoa(`${u}:${p}`),
});
const ADMIN = basic("admin");
const WRITE = { ...ADMIN, Origin: ORIGIN, "X-Requested-With": "rest" };

type App = Awaited<ReturnType<typeof testTracker>>["app"];

function getter(app: App) {
  return async (path: string, headers: Record<string, string> = ADMIN) => {
    const r = await app.request(`${R}/${path}`, { headers });
    const text = await r.text();
    return {
      status: r.status,
      headers: r.headers,
      text,
      json: () => JSON.parse(text),
    };
  };
}

/** Counts the reads of every KV handle while `fn` runs (the real KV still answers them). */
async function kvReads(fn: () => Promise<unknown>): Promise<number> {
  const proto = Deno.Kv.prototype as unknown as Record<string, unknown>;
  const saved = new Map<string, unknown>();
  let n = 0;
  for (const name of ["get", "getMany", "list"]) {
    const orig = proto[name] as (...a: unknown[]) => unknown;
    saved.set(name, orig);
    proto[name] = function (this: Deno.Kv, ...a: unknown[]) {
      n++;
      return orig.apply(this, a);
    };
  }
  try {
    await fn();
  } finally {
    for (const [name, orig] of saved) proto[name] = orig;
  }
  return n;
}

Deno.test("rest: GETs show a change through another handle of the KV file at once", async () => {
  const w = await testTracker();
  // A second handle on the same database, as another process has: the app gets no event.
  const other = await openTracker(join(w.home, "t"));
  try {
    const get = getter(w.app);
    const titles = async () =>
      (await get("data/issue?@verbose=2")).json().data.collection.map((
        x: { title: string },
      ) => x.title);
    const item = async () => (await get("data/issue/1")).json().data;
    const before = await item();
    assert.notEqual((await titles())[0], "Changed elsewhere");
    assert.deepEqual(await item(), before, "served again, unchanged");
    await other.db.cls("issue").set("1", { title: "Changed elsewhere" });
    assert.equal((await titles())[0], "Changed elsewhere");
    const after = await item();
    assert.equal(after.attributes.title, "Changed elsewhere");
    assert.notEqual(after["@etag"], before["@etag"]);
    assert.equal(
      (await get("data/issue/1/title")).json().data.data,
      "Changed elsewhere",
    );
    // The old ETag is refused, the new one (from the GET) accepted.
    const patch = (tag: string) =>
      w.app.request(`${R}/data/issue/1`, {
        method: "PATCH",
        headers: {
          ...WRITE,
          "If-Match": tag,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ title: "Patched" }),
      });
    assert.equal((await patch(before["@etag"])).status, 412);
    assert.equal((await patch(after["@etag"])).status, 200);
    assert.equal((await item()).attributes.title, "Patched");
    // X-Count-Total (a count kept apart from the page) follows a creation elsewhere.
    const total = async () =>
      Number(
        (await get("data/issue?@page_size=2")).headers.get("X-Count-Total"),
      );
    const n = await total();
    assert.ok(n > 2);
    await other.db.cls("issue").create({ title: "Made elsewhere" });
    assert.equal(await total(), n + 1);
    // Labels of linked items (@verbose=2) follow a rename elsewhere.
    const status = await other.db.cls("status").lookup("unread");
    await other.db.cls("issue").set("1", { status });
    const label = async () =>
      (await get("data/issue/1?@verbose=2")).json().data.attributes.status.name;
    assert.equal(await label(), "unread");
    await other.db.cls("status").set(status, { name: "renamed-status" });
    assert.equal(await label(), "renamed-status");
  } finally {
    other.close();
    await w.close();
  }
});

Deno.test("rest: the acting user is checked again after a change elsewhere: roles, password, retirement", async () => {
  const w = await testTracker();
  const other = await openTracker(join(w.home, "t"));
  try {
    const get = getter(w.app);
    const uid = await other.db.cls("user").create({
      username: "rc-user",
      password: await hashPassword("secret"),
      roles: "User",
    });
    const asUser = () => get("data/issue", basic("rc-user", "secret"));
    assert.equal((await asUser()).status, 200);
    assert.equal((await asUser()).status, 200);
    // Without "Rest Access" (no role) the next call is refused, and allowed again after.
    await other.db.cls("user").set(uid, { roles: "" });
    assert.equal((await asUser()).status, 403);
    await other.db.cls("user").set(uid, { roles: "User" });
    assert.equal((await asUser()).status, 200);
    await other.db.cls("user").set(uid, {
      password: await hashPassword("other"),
    });
    assert.equal((await asUser()).status, 401);
    assert.equal(
      (await get("data/issue", basic("rc-user", "other"))).status,
      200,
    );
    await other.db.cls("user").retire(uid);
    assert.equal(
      (await get("data/issue", basic("rc-user", "other"))).status,
      401,
    );
  } finally {
    other.close();
    await w.close();
  }
});

Deno.test("rest: a change by a real roundup admin process shows at the next GET", async () => {
  const w = await testTracker();
  try {
    const get = getter(w.app);
    const title = async () =>
      (await get("data/issue/1")).json().data.attributes.title;
    assert.notEqual(await title(), "Set by admin");
    await title();
    const r = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        MAIN,
        "admin",
        "-i",
        join(w.home, "t"),
        "set",
        "issue1",
        "title=Set by admin",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    assert.equal(await title(), "Set by admin");
  } finally {
    await w.close();
  }
});

Deno.test("rest: a repeated GET of unchanged data reads only the change counter; the key holds all the answer depends on", async () => {
  const w = await testTracker();
  try {
    const get = getter(w.app);
    const page = "data/issue?@verbose=2&@page_size=2";
    const first = await get(page);
    // The first call checked the password; the second checks the remembered login once.
    await get(page);
    let again = first;
    // The change counter, and the failed-login limit of Basic auth (kept in KV, not the store).
    assert.equal(await kvReads(async () => again = await get(page)), 2);
    w.t.config.set("web", "api_failed_login_limit", "0");
    assert.equal(await kvReads(async () => again = await get(page)), 1);
    assert.equal(again.text, first.text);
    assert.equal(
      again.headers.get("X-Count-Total"),
      first.headers.get("X-Count-Total"),
    );
    const item = await get("data/issue/1");
    assert.equal(await kvReads(() => get("data/issue/1")), 1);
    assert.equal(
      (await get("data/issue/1")).headers.get("ETag"),
      item.headers.get("ETag"),
    );
    // The user: alice may not see the admin's address.
    assert.ok("address" in (await get("data/user/1")).json().data.attributes);
    const alice = await get("data/user/1", basic("alice"));
    assert.equal(alice.status, 200);
    assert.ok(!("address" in alice.json().data.attributes));
    // The query, the ".json" ending, Accept, HEAD and the tracker's address.
    assert.doesNotMatch((await get(`${page}&@pretty=false`)).text, /\n {4}/);
    assert.equal((await get("data/issue/1.json")).text, item.text);
    const xml = await get("data/issue/1", {
      ...ADMIN,
      Accept: "application/xml",
    });
    assert.equal(xml.status, 406);
    const head = await w.app.request(`${R}/${page}`, {
      method: "HEAD",
      headers: ADMIN,
    });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), "");
    assert.equal(
      head.headers.get("X-Count-Total"),
      first.headers.get("X-Count-Total"),
    );
    w.t.config.set("tracker", "web", "http://localhost:8917/other/");
    assert.match(
      (await get("data/issue/1")).text,
      /localhost:8917\/other\/rest\/data/,
    );
    w.t.config.set("tracker", "web", "http://localhost:8917/demo/");
    // @stats answers are timed afresh; nothing kept.
    const stats = () => get(`${page}&@stats=true`);
    assert.notEqual((await stats()).json().data["@stats"], undefined);
    assert.ok(await kvReads(stats) > 1);
    // rest_page_cache_ms = 0 computes every answer (the same one).
    w.t.config.set("web", "rest_page_cache_ms", "0");
    let fresh = first;
    assert.ok(await kvReads(async () => fresh = await get(page)) > 1);
    assert.equal(fresh.text, first.text);
    // Any other value just means on.
    w.t.config.set("web", "rest_page_cache_ms", "250");
    await get(page);
    assert.equal(await kvReads(() => get(page)), 1);
  } finally {
    await w.close();
  }
});

Deno.test("rest: a collection filtered on a date is computed afresh (relative dates move with the clock)", async () => {
  const w = await testTracker();
  try {
    const get = getter(w.app);
    const page = "data/issue?activity=-1d%3B&@page_size=2";
    const first = await get(page);
    assert.equal(first.status, 200);
    assert.ok(await kvReads(() => get(page)) > 1);
    // A GET carrying If-None-Match still gets the item (Roundup's REST has no 304).
    const item = await get("data/issue/1");
    const cond = await get("data/issue/1", {
      ...ADMIN,
      "If-None-Match": item.headers.get("ETag")!,
    });
    assert.equal(cond.status, 200);
    assert.equal(cond.text, item.text);
  } finally {
    await w.close();
  }
});

Deno.test("rest: X-Count-Total is exact after changes elsewhere, from the store's live counts or a count", async () => {
  const w = await testTracker();
  const other = await openTracker(join(w.home, "t"));
  try {
    const get = getter(w.app);
    const status = await other.db.cls("status").lookup("chatting");
    const total = async (query: string) =>
      Number(
        (await get(`data/issue?@page_size=1${query}`)).headers.get(
          "X-Count-Total",
        ),
      );
    const truth = async (filterspec: Record<string, string[]>) =>
      (await w.t.db.cls("issue").filter({ filterspec })).length;
    const check = async () => {
      assert.equal(await total(""), await truth({}));
      assert.equal(
        await total(`&status=${status}`),
        await truth({ status: [status] }),
      );
      // Two filters: not kept by the store, counted.
      assert.equal(
        await total(`&status=${status}&title=counted`),
        await truth({ status: [status], title: ["counted"] }),
      );
    };
    await check();
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(
        await other.db.cls("issue").create({ title: `counted ${i}`, status }),
      );
    }
    await check();
    assert.ok(await total(`&status=${status}`) >= 3);
    await other.db.cls("issue").retire(made[0]!);
    await check();
  } finally {
    other.close();
    await w.close();
  }
});
