import assert from "node:assert/strict";
import { join } from "node:path";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

Deno.test("passrstAction() mails a one-time link whose page sets a new password", async () => {
  const { app, home, close } = await testTracker();
  try {
    const c = new TestClient(app);
    const asked = await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": await c.csrf("/demo/user?@template=forgotten"),
      username: "bob@example.com",
    });
    assert.equal(asked.status, 302);
    const mail = (await Deno.readTextFile(join(home, "t", "mail-debug.txt")))
      .replace(/=\n/g, "").replace(/=3D/g, "=");
    assert.match(mail, /TO: bob@example.com/);
    const otk = /@action=passrst&otk=([\w-]+)/.exec(mail)![1]!;
    const page = await (await c.get(
      `/demo/user?@template=forgotten&@action=passrst&otk=${otk}`,
    ))
      .text();
    assert.match(page, /Choose a new password/);
    const token = /name="@csrf" value="([^"]+)"/.exec(page)![1]!;
    const mismatch = await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": token,
      otk,
      password: "a",
      "@confirm@password": "b",
    });
    assert.match(await mismatch.text(), /do not match/);
    const set = await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": await c.csrf(`/demo/?@action=passrst&otk=${otk}`),
      otk,
      password: "n3w",
      "@confirm@password": "n3w",
    });
    assert.equal(set.status, 302);
    assert.equal((await new TestClient(app).login("bob", "n3w")).status, 302);
    const reuse = await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": await c.csrf(`/demo/?@action=passrst&otk=${otk}`),
      otk,
      password: "x",
      "@confirm@password": "x",
    });
    assert.equal(reuse.status, 200);
    assert.match(await reuse.text(), /already used/);
  } finally {
    await close();
  }
});

Deno.test("passrstAction() answers the same for an unknown user and sends no mail", async () => {
  const { app, home, close } = await testTracker();
  try {
    const c = new TestClient(app);
    const debug = join(home, "t", "mail-debug.txt");
    const before = await Deno.readTextFile(debug).catch(() => "");
    const res = await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": await c.csrf("/demo/user?@template=forgotten"),
      username: "nobody",
    });
    assert.equal(res.status, 302);
    assert.match(res.headers.get("location")!, /If\+that\+user\+exists/);
    assert.equal(await Deno.readTextFile(debug).catch(() => ""), before);
  } finally {
    await close();
  }
});

Deno.test("passrstAction() takes Roundup's address field, mails the notice without the password, and the link expires", async () => {
  let now = Date.UTC(2026, 2, 2, 10);
  const { app, home, close } = await testTracker({}, { now: () => now });
  try {
    const c = new TestClient(app);
    const debug = join(home, "t", "mail-debug.txt");
    const ask = async () =>
      await c.post("/demo/user", {
        "@action": "passrst",
        "@csrf": await c.csrf("/demo/user?@template=forgotten"),
        address: "bob@example.com",
      });
    assert.equal((await ask()).status, 302);
    const read = async () =>
      (await Deno.readTextFile(debug)).replace(/=\n/g, "").replace(/=3D/g, "=");
    const link = /(user\?@template=forgotten&@action=passrst&otk=)([\w-]+)/;
    const first = link.exec(await read())![2]!;
    now += 25 * 3600_000;
    const late = await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": await c.csrf(`/demo/user?@template=forgotten`),
      otk: first,
      password: "late",
      "@confirm@password": "late",
    });
    assert.match(await late.text(), /expired/);
    const gone = await (await c.get(
      `/demo/user?@template=forgotten&@action=passrst&otk=${first}`,
    )).text();
    assert.match(gone, /link is unknown, expired or was already used/);
    assert.doesNotMatch(gone, /name="password"/);
    assert.equal((await new TestClient(app).login("bob", "late")).status, 200);
    assert.equal((await ask()).status, 302);
    const keys = [...(await read()).matchAll(new RegExp(link, "g"))];
    const second = keys.at(-1)![2]!;
    assert.notEqual(second, first);
    const set = await c.post("/demo/user", {
      "@action": "passrst",
      "@csrf": await c.csrf(`/demo/user?@template=forgotten`),
      otk: second,
      password: "s3cret-new",
      "@confirm@password": "s3cret-new",
    });
    assert.equal(set.status, 302);
    const mail = await read();
    assert.match(mail, /Subject: Password reset for Test tracker/);
    assert.doesNotMatch(mail, /s3cret-new/);
  } finally {
    await close();
  }
});
