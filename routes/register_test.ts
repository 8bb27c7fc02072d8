import assert from "node:assert/strict";
import { join } from "node:path";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

async function register(c: TestClient, fields: Record<string, string>) {
  const page = await (await c.get("/demo/user?@template=register")).text();
  const token = /name="@csrf" value="([^"]+)"/.exec(page)![1]!;
  const regform = /name="@regform" value="([^"]+)"/.exec(page)![1]!;
  return await c.post("/demo/user", {
    "@action": "register",
    "@csrf": token,
    "@regform": regform,
    username: "dave",
    realname: "Dave",
    address: "dave@example.com",
    password: "pw",
    "@confirm@password": "pw",
    ...fields,
  });
}

Deno.test("registerAction() mails a confirmation link; confrego creates the user once and logs them in", async () => {
  const { t, app, home, close } = await testTracker({
    "web.registration_delay": "0",
  });
  try {
    const c = new TestClient(app);
    const res = await register(c, {});
    assert.equal(res.status, 302);
    assert.match(
      decodeURIComponent(res.headers.get("location")!),
      /dave@example.com/,
    );
    await assert.rejects(t.db.cls("user").lookup("dave"));
    // Undo quoted-printable soft breaks and header folding.
    const mail = (await Deno.readTextFile(join(home, "t", "mail-debug.txt")))
      .replace(/=\n/g, "").replace(/=3D/g, "=").replace(/\n[ \t]+/g, " ");
    assert.match(
      mail,
      /Subject: Complete your registration to Test tracker -- key [\w-]+/,
    );
    const link =
      /http:\/\/localhost:8917\/demo\/\?@action=confrego&otk=([A-Za-z0-9_-]+)/
        .exec(mail)!;
    const done = await c.get(`/demo/?@action=confrego&otk=${link[1]}`);
    assert.equal(done.status, 302);
    const id = await t.db.cls("user").lookup("dave");
    assert.equal(await t.db.cls("user").get(id, "roles"), "User");
    assert.match(await (await c.get("/demo/")).text(), /Hello, dave/);
    const again = await new TestClient(app).get(
      `/demo/?@action=confrego&otk=${link[1]}`,
    );
    assert.equal(again.status, 404);
  } finally {
    await close();
  }
});

Deno.test("registerAction() with instant_registration creates the user at once; a taken name is refused", async () => {
  const { t, app, close } = await testTracker({
    "web.registration_delay": "0",
    instant_registration: "yes",
  });
  try {
    const c = new TestClient(app);
    assert.equal((await register(c, {})).status, 302);
    assert.ok(await t.db.cls("user").lookup("dave"));
    const other = new TestClient(app);
    const taken = await register(other, { username: "alice" });
    assert.equal(taken.status, 200);
    assert.match(
      await taken.text(),
      /username &quot;alice&quot; is already used/,
    );
    const mismatch = await register(other, {
      username: "erin",
      "@confirm@password": "other",
    });
    assert.match(await mismatch.text(), /passwords do not match/);
  } finally {
    await close();
  }
});

Deno.test("registerAction() refuses a form sent back faster than [web] registration_delay", async () => {
  const { t, app, close } = await testTracker({
    "web.registration_delay": "60",
  });
  try {
    const res = await register(new TestClient(app), {});
    assert.equal(res.status, 200);
    assert.match(await res.text(), /too quickly/);
    await assert.rejects(t.db.cls("user").lookup("dave"));
  } finally {
    await close();
  }
});
