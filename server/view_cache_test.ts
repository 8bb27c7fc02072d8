import assert from "node:assert/strict";
import { join } from "node:path";
import { hashPassword } from "../store/password.ts";
import { openTracker } from "../tracker/home.ts";
import { TestClient, testTracker } from "./_test_tracker.ts";
import { MAX_AGE_MS, readOnlyRequest, ViewCache } from "./view_cache.ts";

Deno.test("ViewCache computes a value once per change count and forgets failures", async () => {
  const kv = await Deno.openKv(":memory:");
  let now = 0;
  const cache = new ViewCache(kv, () => now);
  try {
    let runs = 0;
    const compute = () => Promise.resolve(++runs);
    assert.equal(await cache.memo(1n, "k", compute), 1);
    assert.equal(await cache.memo(1n, "k", compute), 1);
    assert.equal(await cache.peek(1n, "k"), 1);
    // A newer count drops what the older one kept.
    assert.equal(await cache.memo(2n, "k", compute), 2);
    assert.equal(cache.peek(1n, "k"), undefined);
    // A request that read an older count is served fresh and keeps nothing.
    assert.equal(await cache.memo(1n, "k", compute), 3);
    assert.equal(await cache.memo(2n, "k", compute), 2);
    // Values also expire with the clock.
    now += MAX_AGE_MS;
    assert.equal(await cache.memo(2n, "k", compute), 4);
    // A failure is not remembered.
    await assert.rejects(
      cache.memo(2n, "bad", () => Promise.reject(new Error("no"))),
    );
    assert.equal(await cache.memo(2n, "bad", compute), 5);
  } finally {
    kv.close();
  }
});

Deno.test("readOnlyRequest(): only GET and HEAD without @action read through the cache", () => {
  const u = (s: string) => new URL(`http://x/demo/${s}`);
  const cases: Array<[string, string, boolean]> = [
    ["GET", "issue", true],
    ["HEAD", "issue1", true],
    ["GET", "issue?@action=export_csv", false],
    ["GET", "user?@action=confrego&otk=x", false],
    ["POST", "issue1", false],
  ];
  for (const [method, path, want] of cases) {
    assert.equal(readOnlyRequest(method, u(path)), want, `${method} ${path}`);
  }
});

Deno.test("pages show a change made through another handle of the KV file (as by roundup admin) at the next request", async () => {
  const w = await testTracker();
  // A second handle on the same database, as another process has: the app gets no event.
  const other = await openTracker(join(w.home, "t"));
  try {
    const browser = new TestClient(w.app);
    assert.equal((await browser.login("admin", "admin")).status, 302);
    const id = await w.t.db.cls("issue").create({ title: "before the change" });
    const index = async () => await (await browser.get("/demo/issue")).text();
    const item = async () =>
      await (await browser.get(`/demo/issue${id}`)).text();
    assert.match(await index(), /before the change/);
    assert.match(await item(), /before the change/);
    // Cached now; a change through the other handle must show at once.
    await other.db.cls("issue").set(id, { title: "after the change" });
    assert.match(await index(), /after the change/);
    assert.match(await item(), /after the change/);
    // Labels of linked items too (they were kept for two seconds before).
    const status = await other.db.cls("status").lookup("unread");
    await w.t.db.cls("issue").set(id, { status });
    assert.match(await index(), />unread</);
    await other.db.cls("status").set(status, { name: "renamed-status" });
    assert.match(await index(), />renamed-status</);
    // A user retired elsewhere is logged out at the next request.
    const uid = await other.db.cls("user").create({
      username: "vc-user",
      password: await hashPassword("secret"),
      roles: "User",
    });
    const user = new TestClient(w.app);
    assert.equal((await user.login("vc-user", "secret")).status, 302);
    assert.match(await (await user.get("/demo/")).text(), /vc-user/);
    await other.db.cls("user").retire(uid);
    assert.doesNotMatch(await (await user.get("/demo/")).text(), /vc-user/);
  } finally {
    other.close();
    await w.close();
  }
});
