/** -u / ROUNDUP_LOGIN: the login is checked, changes are made as that user and need its permissions. */
import assert from "node:assert/strict";
import { admin, makeTracker, setup } from "./fixture_test.ts";

async function withUsers(fn: (home: string) => Promise<void>): Promise<void> {
  const { home, cleanup } = await makeTracker();
  try {
    await setup(
      home,
      ["create", "user", "username=fred", "password=fredpw", "roles=User"],
      ["create", "user", "username=bob", "roles=User"],
      ["create", "issue", "title=first"],
    );
    await fn(home);
  } finally {
    await cleanup();
  }
}

Deno.test("-u names the user whose permissions write commands need", async () => {
  await withUsers(async (home) => {
    let r = await admin(
      home,
      ["-u", "fred", "set", "issue1", "title=by fred"],
      { now: Date.UTC(2003, 2, 9) },
    );
    assert.equal(r.code, 0, r.out);
    r = await admin(home, ["history", "issue1"]);
    assert.match(
      r.out,
      /\nfred\(2003-03-09\.00:00:00\) set title was 'first'\n$/,
    );
    r = await admin(home, ["-u", "fred", "create", "status", "name=new"]);
    assert.deepEqual([r.code, r.out], [
      1,
      'Error: Permission denied: user "fred" may not create status items\n',
    ]);
    r = await admin(home, ["-u", "anonymous", "set", "issue1", "title=x"]);
    assert.equal(
      r.out,
      'Error: Permission denied: user "anonymous" may not edit issue1 (property "title")\n',
    );
    r = await admin(home, ["-u", "fred", "set", "user4", "realname=Bob"]);
    assert.match(r.out, /may not edit user4 \(property "realname"\)/);
    r = await admin(home, ["-u", "fred", "set", "user3", "realname=Fred"]);
    assert.equal(r.code, 0, r.out);
    r = await admin(home, ["-u", "fred", "retire", "issue1"]);
    assert.match(r.out, /Permission denied: user "fred" may not retire issue1/);
    r = await admin(home, ["-u", "admin", "retire", "issue1"]);
    assert.equal(r.code, 0, r.out);
    assert.equal(
      (await admin(home, ["get", "title", "issue1"])).out,
      "by fred\n",
    );
  });
});

Deno.test("ROUNDUP_LOGIN works like -u, and -u wins", async () => {
  await withUsers(async (home) => {
    let r = await admin(home, ["create", "keyword", "name=k"], {
      env: { ROUNDUP_LOGIN: "anonymous" },
    });
    assert.match(
      r.out,
      /Permission denied: user "anonymous" may not create keyword items/,
    );
    r = await admin(home, ["-u", "fred", "create", "keyword", "name=k"], {
      env: { ROUNDUP_LOGIN: "anonymous" },
    });
    assert.deepEqual([r.code, r.out], [0, "1\n"]);
  });
});

Deno.test("a login with an unknown user or a wrong password is refused", async () => {
  await withUsers(async (home) => {
    let r = await admin(home, ["-u", "nobody", "list", "status"]);
    assert.deepEqual([r.code, r.out], [
      1,
      'Error: Cannot log in as "nobody": there is no such user\n',
    ]);
    r = await admin(home, ["-u", "fred:wrong", "list", "keyword"]);
    assert.deepEqual([r.code, r.out], [
      1,
      'Error: Cannot log in as "fred": wrong password\n',
    ]);
    r = await admin(home, ["-u", "fred:fredpw", "list", "keyword"]);
    assert.deepEqual([r.code, r.out], [0, ""]);
    r = await admin(home, ["-u", "bob:any", "list", "keyword"]);
    assert.match(r.out, /Cannot log in as "bob": wrong password/);
  });
});

Deno.test("dates are printed in the user's timezone", async () => {
  await withUsers(async (home) => {
    await setup(home, ["set", "user3", "timezone=Europe/Vienna"]);
    assert.equal(
      (await admin(home, ["get", "creation", "issue1"])).out,
      "2003-03-08.22:07:48\n",
    );
    assert.equal(
      (await admin(home, ["-u", "fred", "get", "creation", "issue1"])).out,
      "2003-03-08.23:07:48\n",
    );
    await setup(home, ["set", "user1", "timezone=America/New_York"], [
      "create",
      "thing",
      "name=t",
      "when=2003-07-01.12:00",
    ]);
    assert.equal(
      (await admin(home, ["-u", "fred", "get", "when", "thing1"])).out,
      "2003-07-01.18:00:00\n",
    );
    assert.equal(
      (await admin(home, ["get", "when", "thing1"])).out,
      "2003-07-01.12:00:00\n",
    );
  });
});
