import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

async function loggedIn(name = "alice") {
  const tt = await testTracker();
  const c = new TestClient(tt.app);
  await c.login(name, name);
  return { ...tt, c };
}

Deno.test("newAction() refuses an upload over [main] max_file_size with the form again and writes nothing", async () => {
  const tt = await testTracker({ max_file_size: "90" });
  try {
    const c = new TestClient(tt.app);
    await c.login("alice", "alice");
    const res = await c.post("/demo/issue", {
      "@action": "new",
      "@csrf": await c.csrf("/demo/issue?@template=item"),
      title: "big upload",
      "@file": new File(["x".repeat(100)], "big.bin"),
    });
    assert.equal(res.status, 200);
    assert.match(
      await res.text(),
      /Cannot attach &quot;big.bin&quot;: it has 100 bytes, more than \[main\] max_file_size \(90\)/,
    );
    assert.deepEqual(await tt.t.db.cls("file").list(), []);
    assert.equal((await tt.t.db.cls("issue").list()).length, 5);
  } finally {
    await tt.close();
  }
});

Deno.test("identify() takes the user a fronting server names in an -I header when [web] http_auth is on", async () => {
  const tt = await testTracker({ "web.http_auth": "yes" });
  try {
    const res = await tt.app.request(
      "http://localhost:8917/demo/issue?@template=item",
      {},
      { remoteUser: "carol" },
    );
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Hello, carol/);
    const unknown = await tt.app.request("http://localhost:8917/demo/", {}, {
      remoteUser: "mallory",
    });
    assert.equal(unknown.status, 403);
  } finally {
    await tt.close();
  }
});

Deno.test("editAction() wants the old password when users change their own", async () => {
  const { t, c, close } = await loggedIn("carol");
  try {
    const page = await (await c.get("/demo/user5")).text();
    assert.match(page, /name="@old_password"/);
    const token = () => c.csrf("/demo/user5");
    const wrong = await c.post("/demo/user5", {
      "@action": "edit",
      "@csrf": await token(),
      password: "new",
      "@confirm@password": "new",
      "@old_password": "nope",
    });
    assert.equal(wrong.status, 200);
    assert.match(await wrong.text(), /old password is missing or wrong/);
    const before = await t.db.cls("user").get("5", "password");
    const ok = await c.post("/demo/user5", {
      "@action": "edit",
      "@csrf": await token(),
      password: "new",
      "@confirm@password": "new",
      "@old_password": "carol",
    });
    assert.equal(ok.status, 302);
    assert.notEqual(await t.db.cls("user").get("5", "password"), before);
  } finally {
    await close();
  }
});

Deno.test("itemPage() offers Retire and then Restore to the admin, and the cookie is Secure under TLS", async () => {
  const tt = await testTracker({}, { tls: true });
  try {
    const c = new TestClient(tt.app);
    const login = await c.login("admin", "admin");
    assert.match(login.headers.getSetCookie().join(";"), /Secure/);
    const page = await (await c.get("/demo/issue4")).text();
    const token =
      /name="@action" value="retire"\/><input type="hidden" name="@csrf" value="([^"]+)"/
        .exec(page)![1]!;
    assert.equal(
      (await c.post("/demo/issue4", { "@action": "retire", "@csrf": token }))
        .status,
      302,
    );
    const retired = await (await c.get("/demo/issue4")).text();
    assert.match(retired, /This item is retired/);
    const t2 =
      /name="@action" value="restore"\/><input type="hidden" name="@csrf" value="([^"]+)"/
        .exec(retired)![1]!;
    assert.equal(
      (await c.post("/demo/issue4", { "@action": "restore", "@csrf": t2 }))
        .status,
      302,
    );
    assert.equal(await tt.t.db.cls("issue").isRetired("4"), false);
  } finally {
    await tt.close();
  }
});

Deno.test("newAction() lets the admin add a user with roles; a user may not give themselves roles", async () => {
  const { t, app, close } = await testTracker();
  try {
    const admin = new TestClient(app);
    await admin.login("admin", "admin");
    const res = await admin.post("/demo/user", {
      "@action": "new",
      "@csrf": await admin.csrf("/demo/user?@template=item"),
      username: "frank",
      address: "frank@example.com",
      password: "pw",
      "@confirm@password": "pw",
      roles: "User,Admin",
    });
    assert.equal(res.status, 302);
    const id = await t.db.cls("user").lookup("frank");
    assert.equal(await t.db.cls("user").get(id, "roles"), "User,Admin");
    const carol = new TestClient(app);
    await carol.login("carol", "carol");
    const page = await (await carol.get("/demo/user5")).text();
    assert.doesNotMatch(page, /name="roles"/);
    const denied = await carol.post("/demo/user5", {
      "@action": "edit",
      "@csrf": await carol.csrf("/demo/user5"),
      roles: "Admin",
    });
    assert.equal(denied.status, 403);
    assert.equal(await t.db.cls("user").get("5", "roles"), "User");
  } finally {
    await close();
  }
});

Deno.test("newAction() creates a file item from an upload in its content field", async () => {
  const { t, c, close } = await loggedIn();
  try {
    const page = await (await c.get("/demo/file?@template=item")).text();
    assert.match(page, /type="file" id="f-content" name="content"/);
    const res = await c.post("/demo/file", {
      "@action": "new",
      "@csrf": /name="@csrf" value="([^"]+)"/.exec(page)![1]!,
      content: new File(["a,b\n1,2\n"], "data.csv", { type: "text/csv" }),
    });
    assert.equal(res.status, 302);
    const f = await t.db.cls("file").getItem("1");
    assert.equal(f.name, "data.csv");
    assert.equal(f.type, "text/csv");
    assert.equal(
      await (await c.get("/demo/file1/data.csv")).text(),
      "a,b\n1,2\n",
    );
  } finally {
    await close();
  }
});
