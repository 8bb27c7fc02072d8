/**
 * The account rules hold for every writer: a password change (the web's own-details form, the
 * reset link, `roundup admin set`, REST) ends the user's other web sessions, and a query made
 * private or retired (`roundup admin`, REST) leaves a personal copy with everyone who uses it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { memoryIo } from "../cli.ts";
import { runAdmin } from "../admin/mod.ts";
import { TestClient, testTracker } from "../server/_test_tracker.ts";
import type { Tracker } from "../tracker/home.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const R = "http://localhost:8917/demo/rest";
const REST = {
  Authorization: "Basic " + btoa("admin:admin"),
  Origin: "http://localhost:8917",
  "X-Requested-With": "rest",
  "Content-Type": "application/json",
};

type App = Awaited<ReturnType<typeof testTracker>>["app"];

/** True when the client's session is a logged-in one (the page offers no login box). */
async function loggedIn(c: TestClient): Promise<boolean> {
  const page = await (await c.get("/demo/")).text();
  return !/name="__login_name"/.test(page);
}

async function browsers(app: App, name: string, n: number) {
  const out: TestClient[] = [];
  for (let i = 0; i < n; i++) {
    const c = new TestClient(app);
    assert.equal((await c.login(name, name)).status, 302);
    assert.equal(await loggedIn(c), true);
    out.push(c);
  }
  return out;
}

async function admin(home: string, ...args: string[]): Promise<string> {
  const io = memoryIo([]);
  const code = await runAdmin(["-i", join(home, "t"), ...args], {
    io,
    env: {},
  });
  assert.equal(code, 0, io.stderr);
  return io.stdout;
}

async function patch(app: App, path: string, body: Record<string, unknown>) {
  const head = await app.request(`${R}/data/${path}`, { headers: REST });
  await head.body?.cancel();
  const res = await app.request(`${R}/data/${path}`, {
    method: "PATCH",
    headers: { ...REST, "If-Match": head.headers.get("ETag")! },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res;
}

Deno.test("a password changed on the own-details form ends the user's other sessions, not the one that changed it", async () => {
  const { t, app, close } = await testTracker();
  try {
    const bob = await t.db.cls("user").lookup("bob");
    const [here, there] = await browsers(app, "bob", 2);
    const [alice] = await browsers(app, "alice", 1);
    const old = here!.cookie;
    const res = await here!.post(`/demo/user${bob}`, {
      "@action": "edit",
      "@csrf": await here!.csrf(`/demo/user${bob}`),
      password: "n3w-secret",
      "@confirm@password": "n3w-secret",
      "@old_password": "bob",
    });
    assert.equal(res.status, 302, await res.text());
    assert.equal(await loggedIn(here!), true);
    assert.notEqual(here!.cookie, old);
    assert.equal(await loggedIn(there!), false);
    assert.equal(await loggedIn(alice!), true);
    // The stolen cookie of the changing browser does not work either.
    const thief = new TestClient(app);
    thief.cookie = old;
    assert.equal(await loggedIn(thief), false);
  } finally {
    await close();
  }
});

Deno.test("roundup admin set userN password=… and retire userN end the user's web sessions", async () => {
  const { t, app, home, close } = await testTracker();
  try {
    const bob = await t.db.cls("user").lookup("bob");
    const carol = await t.db.cls("user").lookup("carol");
    const [b1, b2] = await browsers(app, "bob", 2);
    const [a] = await browsers(app, "alice", 1);
    const [c] = await browsers(app, "carol", 1);
    await admin(home, "set", `user${bob}`, "password=changed");
    assert.equal(await loggedIn(b1!), false);
    assert.equal(await loggedIn(b2!), false);
    assert.equal(await loggedIn(a!), true);
    assert.equal(
      (await new TestClient(app).login("bob", "changed")).status,
      302,
    );
    await admin(home, "retire", `user${carol}`);
    assert.equal(await loggedIn(c!), false);
  } finally {
    await close();
  }
});

Deno.test("a password set through the reset link or REST ends the user's web sessions", async () => {
  const { t, app, home, close } = await testTracker();
  try {
    const bob = await t.db.cls("user").lookup("bob");
    const [b1, b2] = await browsers(app, "bob", 2);
    const c = new TestClient(app);
    await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": await c.csrf("/demo/user?@template=forgotten"),
      username: "bob",
    });
    const mail = (await Deno.readTextFile(join(home, "t", "mail-debug.txt")))
      .replace(/=\n/g, "").replace(/=3D/g, "=");
    const otk = /@action=passrst&otk=([\w-]+)/.exec(mail)![1]!;
    const set = await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": await c.csrf(`/demo/?@action=passrst&otk=${otk}`),
      otk,
      password: "via-link",
      "@confirm@password": "via-link",
    });
    assert.equal(set.status, 302);
    assert.equal(await loggedIn(b1!), false);
    assert.equal(await loggedIn(b2!), false);
    const b3 = new TestClient(app);
    assert.equal((await b3.login("bob", "via-link")).status, 302);
    assert.equal(await loggedIn(b3), true);
    await patch(app, `user/${bob}`, { password: "via-rest" });
    assert.equal(await loggedIn(b3), false);
  } finally {
    await close();
  }
});

/** Bob's public query "Shared" in the lists of bob, alice and carol. */
async function sharedQuery(t: Tracker) {
  const users = t.db.cls("user");
  const ids = {
    bob: await users.lookup("bob"),
    alice: await users.lookup("alice"),
    carol: await users.lookup("carol"),
  };
  const q = await t.db.cls("query").create({
    klass: "issue",
    name: "Shared",
    url: "status=1&@columns=title",
  }, { actor: ids.bob });
  for (const u of Object.values(ids)) await users.set(u, { queries: [q] });
  const listOf = async (u: string) =>
    (await users.get(u, "queries") ?? []) as string[];
  return { q, ids, listOf };
}

Deno.test("roundup admin set queryN private_for=… (a real process) leaves copies with the others who use it", async () => {
  const { t, home, close } = await testTracker();
  try {
    const { q, ids, listOf } = await sharedQuery(t);
    const r = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        MAIN,
        "admin",
        "-i",
        join(home, "t"),
        "set",
        `query${q}`,
        `private_for=${ids.bob}`,
      ],
      env: { NO_COLOR: "1" },
      stdin: "null",
    }).output();
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
    assert.deepEqual(await listOf(ids.bob), [q]);
    for (const u of [ids.alice, ids.carol]) {
      const [copy] = await listOf(u);
      assert.notEqual(copy, q);
      const item = await t.db.cls("query").getItem(copy!);
      assert.deepEqual(
        [item.name, item.url, item.private_for, item.creator],
        ["Shared", "status=1&@columns=title", u, u],
      );
    }
  } finally {
    await close();
  }
});

Deno.test("REST PATCH of private_for and roundup admin retire leave copies with the others who use a query", async () => {
  const { t, app, home, close } = await testTracker();
  try {
    const { q, ids, listOf } = await sharedQuery(t);
    await patch(app, `query/${q}`, { private_for: ids.alice });
    assert.deepEqual(await listOf(ids.alice), [q]);
    const [bobs] = await listOf(ids.bob);
    const [carols] = await listOf(ids.carol);
    assert.notEqual(bobs, q);
    assert.equal(
      await t.db.cls("query").get(carols!, "private_for"),
      ids.carol,
    );
    // Public again, then retired by the admin: everybody keeps a copy.
    await t.db.cls("query").set(q, { private_for: null });
    await t.db.cls("user").set(ids.bob, { queries: [bobs!, q] });
    await admin(home, "retire", `query${q}`);
    assert.equal(await t.db.cls("query").isRetired(q), true);
    const kept = await listOf(ids.bob);
    assert.equal(kept.length, 2);
    assert.equal(kept.includes(q), false);
    assert.equal(
      await t.db.cls("query").get(kept[1]!, "name"),
      "Shared (copy)",
    );
    const [alices] = await listOf(ids.alice);
    assert.notEqual(alices, q);
  } finally {
    await close();
  }
});
