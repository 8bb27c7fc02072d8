import assert from "node:assert/strict";
import { changeCount, Reject, SessionStore } from "../store/mod.ts";
import { hashPassword } from "../store/password.ts";
import { schema as classicSchema } from "../templates/classic/schema.ts";
import { parseConfigIni } from "./config.ts";
import { type Tracker, trackerOn } from "./home.ts";

const DAY = 24 * 3600_000;

/** A classic tracker in memory with users admin 1, anonymous 2, alice 3, bob 4. */
async function withUsers(
  fn: (t: Tracker, sessions: SessionStore) => Promise<void>,
): Promise<void> {
  const t = trackerOn(await Deno.openKv(":memory:"), {
    home: "/nonexistent",
    config: parseConfigIni(""),
    spec: classicSchema,
    sendMail: false,
  });
  try {
    await t.db.transact(async (tx) => {
      for (const u of ["admin", "anonymous", "alice", "bob"]) {
        await tx.create("user", { username: u, roles: "User" });
      }
    });
    await fn(t, new SessionStore(t.db.kv));
  } finally {
    t.close();
  }
}

async function pw(text: string): Promise<string> {
  return await hashPassword(text, { rounds: 1000 });
}

Deno.test("endSessionsOnPasswordChange() ends the user's sessions in the commit of the new password, and no one else's", async () => {
  await withUsers(async (t, sessions) => {
    const a1 = await sessions.create("3", DAY);
    const a2 = await sessions.create("3", DAY);
    const b = await sessions.create("4", DAY);
    await t.db.cls("user").set("3", { realname: "Alice" });
    assert.ok(await sessions.get(a1), "another change keeps the sessions");
    const before = await changeCount(t.db.kv);
    await t.db.cls("user").set("3", { password: await pw("new") });
    assert.equal(await changeCount(t.db.kv) - before, 1n);
    assert.equal(await sessions.get(a1), null);
    assert.equal(await sessions.get(a2), null);
    assert.deepEqual(await sessions.sessionsOf("3"), []);
    assert.equal((await sessions.get(b))?.userId, "4");
  });
});

Deno.test("endSessionsOnPasswordChange() keeps the sessions when the change does not land", async () => {
  await withUsers(async (t, sessions) => {
    const a = await sessions.create("3", DAY);
    await assert.rejects(
      t.db.transact(async (tx) => {
        await tx.set("user", "3", { password: await pw("new") });
        throw new Reject("Cannot save: refused by a test");
      }),
      /refused by a test/,
    );
    assert.equal((await sessions.get(a))?.userId, "3");
  });
});

Deno.test("endSessionsOnPasswordChange() ends sessions on retirement, and more than fit in one commit", async () => {
  await withUsers(async (t, sessions) => {
    const many = [];
    // More than the 200 (MAX_ENDED_IN_COMMIT) that one commit ends.
    for (let i = 0; i < 205; i++) {
      many.push(await sessions.create("4", DAY));
    }
    await t.db.cls("user").set("4", { password: await pw("x") });
    assert.deepEqual(await sessions.sessionsOf("4"), []);
    for (const sid of [many[0]!, many.at(-1)!]) {
      assert.equal(await sessions.get(sid), null);
    }
    const a = await sessions.create("3", DAY);
    await t.db.cls("user").retire("3");
    assert.equal(await sessions.get(a), null);
  });
});
