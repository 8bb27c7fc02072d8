import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

Deno.test("loginAction() starts a session with an HttpOnly SameSite=Lax cookie and goes to __came_from", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    const token = await c.csrf("/demo/");
    const res = await c.post("/demo/", {
      "@action": "login",
      "@csrf": token,
      __login_name: "alice",
      __login_password: "alice",
      __came_from: "http://localhost:8917/demo/issue?@sort=id",
    });
    assert.equal(res.status, 302);
    assert.equal(
      res.headers.get("location"),
      "/demo/issue?%40sort=id&%40ok_message=Welcome+alice%21",
    );
    const cookie = res.headers.getSetCookie().join("\n");
    assert.match(cookie, /roundup_session_Testtracker=[A-Za-z0-9_-]{32}/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/);
    const page = await (await c.get("/demo/")).text();
    assert.match(page, /Hello, alice/);
  } finally {
    await close();
  }
});

Deno.test("loginAction() ignores a __came_from on another site", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    const token = await c.csrf("/demo/");
    const res = await c.post("/demo/", {
      "@action": "login",
      "@csrf": token,
      __login_name: "bob",
      __login_password: "bob",
      __came_from: "https://evil.example/steal",
    });
    assert.equal(res.status, 302);
    assert.match(res.headers.get("location") ?? "", /^\/demo\/\?/);
  } finally {
    await close();
  }
});

Deno.test("loginAction() answers a wrong password with the form and 'Invalid login', then rate-limits", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    for (let i = 0; i < 3; i++) {
      const res = await c.login("carol", "wrong");
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Invalid login/);
    }
    // [web] login_attempts_min is 3: the right password is refused too, until the minute is over.
    const limited = await c.login("carol", "carol");
    assert.equal(limited.status, 429);
    assert.match(await limited.text(), /too many failed logins/);
    assert.equal(
      c.cookie.includes("roundup_session"),
      true,
      "still the anonymous session",
    );
    assert.doesNotMatch(await (await c.get("/demo/")).text(), /Hello, carol/);
  } finally {
    await close();
  }
});

Deno.test("loginAction() refuses a reused @csrf token and a foreign Origin", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    const token = await c.csrf("/demo/");
    const fields = {
      "@action": "login",
      "@csrf": token,
      __login_name: "alice",
      __login_password: "alice",
    };
    const foreign = await c.post("/demo/", fields, {
      origin: "https://evil.example",
    });
    assert.equal(foreign.status, 200);
    assert.match(await foreign.text(), /csrf failure.*origin header/s);
    assert.equal((await c.post("/demo/", fields)).status, 302);
    await c.get("/demo/?@action=logout");
    const reused = await c.post("/demo/", fields);
    assert.equal(reused.status, 200);
    assert.match(await reused.text(), /csrf failure/);
  } finally {
    await close();
  }
});

Deno.test("logoutAction() ends the session: the old cookie no longer logs in", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("alice", "alice");
    const old = c.cookie;
    const res = await c.get("/demo/?@action=logout");
    assert.equal(res.status, 302);
    assert.match(res.headers.get("location") ?? "", /logged\+out/);
    const again = await app.request("http://localhost:8917/demo/", {
      headers: { cookie: old },
    });
    assert.doesNotMatch(await again.text(), /Hello, alice/);
  } finally {
    await close();
  }
});

Deno.test("identify() ends the sessions of a user who is retired", async () => {
  const { t, app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("carol", "carol");
    assert.match(await (await c.get("/demo/")).text(), /Hello, carol/);
    await t.db.cls("user").retire("5");
    assert.doesNotMatch(await (await c.get("/demo/")).text(), /Hello, carol/);
    assert.match(
      await (await c.login("carol", "carol")).text(),
      /Invalid login/,
    );
  } finally {
    await close();
  }
});

Deno.test("loginAction() answers a login name too long for any user with Invalid login, not an error", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    const token = await c.csrf("/demo/");
    const res = await c.post("/demo/", {
      "@action": "login",
      "@csrf": token,
      __login_name: "x".repeat(5000),
      __login_password: "x",
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Invalid login/);
  } finally {
    await close();
  }
});

Deno.test("Basic auth with a user name too long for any user is a 401 saying Invalid login, not a KV error", async () => {
  const { app, close } = await testTracker();
  try {
    const res = await app.request("http://localhost:8917/demo/issue", {
      headers: {
        authorization: "Basic " + btoa(`${"x".repeat(3000)}:secret`),
      },
    });
    const text = await res.text();
    assert.equal(res.status, 401);
    assert.match(text, /Invalid login/);
    assert.doesNotMatch(text, /Key too large/i);
  } finally {
    await close();
  }
});
