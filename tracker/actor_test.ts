import assert from "node:assert/strict";
import { NotFoundError, PermissionError } from "../store/mod.ts";
import { hashPassword } from "../store/password.ts";
import { schema as classicSchema } from "../templates/classic/schema.ts";
import {
  actorFor,
  actorNamed,
  anonymousActor,
  login,
  LoginError,
  trustedActor,
} from "./actor.ts";
import { parseConfigIni } from "./config.ts";
import { type Tracker, trackerOn } from "./home.ts";

/** A classic tracker in memory: admin 1, anonymous 2, alice 3 (password "secret"), bob 4, old 5 (retired). */
async function withTracker(
  fn: (t: Tracker) => Promise<void>,
  ini = "",
): Promise<void> {
  const t = trackerOn(await Deno.openKv(":memory:"), {
    home: "/nonexistent",
    config: parseConfigIni(ini),
    spec: classicSchema,
    sendMail: false,
    now: () => Date.UTC(2026, 0, 1),
  });
  try {
    const password = await hashPassword("secret", { rounds: 1000 });
    await t.db.transact(async (tx) => {
      await tx.create("user", { username: "admin", roles: "Admin" });
      await tx.create("user", { username: "anonymous", roles: "Anonymous" });
      await tx.create("user", {
        username: "alice",
        roles: "User",
        password,
        timezone: "Europe/Vienna",
      });
      await tx.create("user", { username: "bob", roles: "User, Admin" });
      const old = await tx.create("user", {
        username: "old",
        roles: "User",
        password,
      });
      await tx.retire("user", old);
      await tx.create("query", {
        name: "mine",
        klass: "issue",
        url: "x",
        private_for: "3",
      });
    });
    await fn(t);
  } finally {
    t.close();
  }
}

Deno.test("actorFor() gives the user's name, lower-cased roles and timezone", async () => {
  await withTracker(async (t) => {
    const alice = await actorFor(t, "3");
    assert.deepEqual(
      [alice.userId, alice.name, alice.roles, alice.timezone],
      ["3", "alice", ["user"], "Europe/Vienna"],
    );
    assert.deepEqual([alice.anonymous, alice.trusted], [false, false]);
    const bob = await actorFor(t, "4");
    assert.deepEqual([bob.roles, bob.timezone], [["user", "admin"], "0"]);
    const anon = await anonymousActor(t);
    assert.deepEqual([anon.userId, anon.anonymous], ["2", true]);
  }, "[main]\ntimezone = 0\n");
});

Deno.test("actorFor() falls back to the [main] timezone and rejects a missing user", async () => {
  await withTracker(async (t) => {
    assert.equal((await actorFor(t, "4")).timezone, "America/New_York");
    await assert.rejects(
      actorFor(t, "99"),
      (e) =>
        e instanceof NotFoundError &&
        e.message === "Cannot act as user99: there is no such user",
    );
  }, "[main]\ntimezone = America/New_York\n");
});

Deno.test("Actor.may() follows the schema: class, property and own-record checks", async () => {
  await withTracker(async (t) => {
    const alice = await actorFor(t, "3");
    const anon = await anonymousActor(t);
    assert.equal(await alice.may("Edit", "issue"), true);
    assert.equal(await anon.may("Edit", "issue"), false);
    assert.equal(await anon.may("View", "issue"), true);
    assert.equal(await alice.may("Email Access"), true);
    assert.equal(await anon.may("Email Access"), false);
    assert.equal(await anon.may("Web Access"), true);
    assert.equal(await alice.may("Web Roles"), false);
    assert.equal(await (await actorFor(t, "1")).may("Web Roles"), true);
    assert.equal(await anon.may("Register", "user"), true);
    // own_record: alice may edit her own realname, not bob's, and never her roles.
    const own = { property: "realname", itemId: "3" };
    assert.equal(await alice.may("Edit", "user", own), true);
    assert.equal(
      await alice.may("Edit", "user", { property: "realname", itemId: "4" }),
      false,
    );
    assert.equal(
      await alice.may("Edit", "user", { property: "roles", itemId: "3" }),
      false,
    );
    // view_query reads the query item: private to alice.
    assert.equal(await alice.may("View", "query", { itemId: "1" }), true);
    assert.equal(
      await (await actorFor(t, "4")).may("View", "query", { itemId: "1" }),
      true, // bob is also an Admin
    );
  });
});

Deno.test("Actor.require() throws PermissionError naming user, verb, item and property", async () => {
  await withTracker(async (t) => {
    const anon = await anonymousActor(t);
    await assert.rejects(
      anon.require("Edit", "issue", { itemId: "1", property: "title" }),
      (e) =>
        e instanceof PermissionError &&
        e.message ===
          'Permission denied: user "anonymous" may not edit issue1 (property "title")',
    );
    await assert.rejects(
      anon.require("Create", "status"),
      /^PermissionError: Permission denied: user "anonymous" may not create status items$/,
    );
    await assert.rejects(
      anon.require("Email Access"),
      /user "anonymous" does not have the "Email Access" permission/,
    );
    await (await actorFor(t, "3")).require("Create", "issue");
  });
});

Deno.test("Actor.mayViewProperty() allows View, or Edit of the item as Roundup's templates do", async () => {
  await withTracker(async (t) => {
    const alice = await actorFor(t, "3");
    const anon = await anonymousActor(t);
    assert.equal(await alice.mayViewProperty("user", "password", "3"), true);
    assert.equal(await alice.mayViewProperty("user", "password", "4"), false);
    assert.equal(await alice.mayViewProperty("user", "username", "4"), true);
    assert.equal(await anon.mayViewProperty("issue", "title", "1"), true);
    assert.equal(await anon.mayViewProperty("user", "roles", "3"), false);
    // A new user: anonymous may fill in the registration form, not view users.
    assert.equal(await anon.mayViewProperty("user", "username"), true);
    assert.equal(await anon.mayViewProperty("user", "username", "3"), false);
    assert.equal(await anon.mayViewProperty("status", "name"), true);
    assert.equal(await anon.mayViewProperty("issue", "title"), true);
  });
});

Deno.test("login() checks the password and says what was wrong", async () => {
  await withTracker(async (t) => {
    const alice = await login(t, "alice", "secret");
    assert.equal(alice.userId, "3");
    await assert.rejects(
      login(t, "alice", "wrong"),
      (e) =>
        e instanceof LoginError && e instanceof PermissionError &&
        e.message === 'Cannot log in as "alice": wrong password',
    );
    await assert.rejects(
      login(t, "nobody", "x"),
      (e) =>
        e instanceof LoginError &&
        e.message === 'Cannot log in as "nobody": there is no such user',
    );
    // A user without a password cannot log in with one; a retired user does not exist.
    await assert.rejects(login(t, "bob", ""), /"bob": wrong password/);
    await assert.rejects(login(t, "old", "secret"), /"old": there is no such/);
    assert.equal((await actorNamed(t, "bob")).userId, "4");
  });
});

Deno.test("trustedActor() may do everything without reading the user", async () => {
  await withTracker(async (t) => {
    const admin = trustedActor(t, { timezone: "Asia/Tokyo" });
    assert.deepEqual(
      [admin.userId, admin.trusted, admin.timezone],
      ["1", true, "Asia/Tokyo"],
    );
    assert.equal(await admin.may("Frobnicate", "issue"), true);
    await admin.require("Edit", "user", { itemId: "4", property: "roles" });
    assert.equal(trustedActor(t).timezone, "0");
  });
});
