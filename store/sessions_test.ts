import assert from "node:assert/strict";
import { SessionStore } from "./sessions.ts";

async function withKv(fn: (kv: Deno.Kv) => Promise<void>): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await fn(kv);
  } finally {
    kv.close();
  }
}

Deno.test("SessionStore.create() gives an opaque id that get() finds until it expires", async () => {
  await withKv(async (kv) => {
    let now = 1_000_000;
    const s = new SessionStore(kv, () => now);
    const sid = await s.create("3", 60_000);
    assert.match(sid, /^[A-Za-z0-9_-]{32}$/);
    assert.equal((await s.get(sid))?.userId, "3");
    now += 60_001;
    assert.equal(await s.get(sid), null);
    assert.equal(await s.get("../etc"), null);
  });
});

Deno.test("SessionStore.consumeKey() accepts a key once, for its purpose and session only", async () => {
  await withKv(async (kv) => {
    const s = new SessionStore(kv, () => 5_000);
    const k = await s.issueKey("csrf", 60_000, { sid: "A".repeat(32) });
    assert.equal(await s.consumeKey(k, "csrf", "B".repeat(32)), null);
    const k2 = await s.issueKey("csrf", 60_000, { sid: "A".repeat(32) });
    assert.equal(await s.consumeKey(k2, "rego"), null);
    const k3 = await s.issueKey("csrf", 60_000, { sid: "A".repeat(32) });
    assert.equal(
      (await s.consumeKey(k3, "csrf", "A".repeat(32)))?.purpose,
      "csrf",
    );
    assert.equal(await s.consumeKey(k3, "csrf", "A".repeat(32)), null);
  });
});

Deno.test("SessionStore.failedLogin() counts per user and minute", async () => {
  await withKv(async (kv) => {
    let now = 0;
    const s = new SessionStore(kv, () => now);
    assert.equal(await s.failedLogin("bob"), 1);
    assert.equal(await s.failedLogin("bob"), 2);
    assert.equal(await s.failedLogins("alice"), 0);
    now += 61_000;
    assert.equal(await s.failedLogins("bob"), 0);
  });
});

Deno.test("SignedTokens.consume() accepts a token once, for its purpose and session, until it expires", async () => {
  const { SignedTokens } = await import("./signed_tokens.ts");
  await withKv(async (kv) => {
    let now = 1_000;
    const t = new SignedTokens(kv, () => now);
    const sid = "S".repeat(32);
    const tok = await t.issue("csrf", sid, 60_000);
    assert.equal(await t.consume(tok, "csrf", "T".repeat(32)), false);
    assert.equal(await t.consume(tok, "login", sid), false);
    assert.equal(await t.consume(tok.slice(0, -2) + "AA", "csrf", sid), false);
    assert.equal(await t.consume(tok, "csrf", sid), true);
    assert.equal(await t.consume(tok, "csrf", sid), false);
    const late = await t.issue("csrf", sid, 60_000);
    now += 60_001;
    assert.equal(await t.consume(late, "csrf", sid), false);
    // A second instance on the same KV shares the secret.
    const other = new SignedTokens(kv, () => now);
    assert.equal(
      await other.consume(await t.issue("csrf", sid, 10), "csrf", sid),
      true,
    );
  });
});

Deno.test("SessionStore.extend() keeps a session in use alive past its first expiry", async () => {
  await withKv(async (kv) => {
    let now = 0;
    const s = new SessionStore(kv, () => now);
    const sid = await s.create("3", 10_000);
    now = 9_000;
    await s.extend(sid, (await s.get(sid))!, 10_000);
    now = 15_000;
    assert.equal((await s.get(sid))?.userId, "3");
    now = 19_001;
    assert.equal(await s.get(sid), null);
  });
});

Deno.test("SessionStore.hasKey() sees a live key of its purpose without using it up", async () => {
  await withKv(async (kv) => {
    let now = 1_000_000;
    const s = new SessionStore(kv, () => now);
    const key = await s.issueKey("passrst", 60_000);
    assert.equal(await s.hasKey(key, "passrst"), true);
    assert.equal(await s.hasKey(key, "rego"), false);
    assert.equal(await s.hasKey("not a key", "passrst"), false);
    now += 60_001;
    assert.equal(await s.hasKey(key, "passrst"), false);
    now -= 60_001;
    assert.ok(await s.consumeKey(key, "passrst"));
    assert.equal(await s.hasKey(key, "passrst"), false);
  });
});

Deno.test("SessionStore.sessionsOf() lists a user's live sessions and drops index entries of expired ones", async () => {
  const { webKeys } = await import("./keys.ts");
  await withKv(async (kv) => {
    let now = 1_000_000;
    const s = new SessionStore(kv, () => now);
    const short = await s.create("3", 60_000);
    const long = await s.create("3", 600_000);
    const other = await s.create("4", 600_000);
    assert.deepEqual(
      (await s.sessionsOf("3")).sort(),
      [short, long].sort(),
    );
    await s.delete(long);
    assert.deepEqual(await s.sessionsOf("3"), [short]);
    assert.equal((await kv.get(webKeys.userSession("3", long))).value, null);
    now += 60_001;
    // KV has not dropped the expired keys yet (it does so eventually); meeting them cleans them.
    assert.notEqual(
      (await kv.get(webKeys.userSession("3", short))).value,
      null,
    );
    assert.deepEqual(await s.sessionsOf("3"), []);
    assert.equal((await kv.get(webKeys.userSession("3", short))).value, null);
    assert.equal((await kv.get(webKeys.session(short))).value, null);
    assert.deepEqual(await s.sessionsOf("4"), [other]);
  });
});

Deno.test("SessionStore.get() removes an expired session with its index entry; extend() does not revive an ended one", async () => {
  const { webKeys } = await import("./keys.ts");
  await withKv(async (kv) => {
    let now = 0;
    const s = new SessionStore(kv, () => now);
    const sid = await s.create("3", 1_000);
    now = 1_001;
    assert.equal(await s.get(sid), null);
    assert.equal((await kv.get(webKeys.session(sid))).value, null);
    assert.equal((await kv.get(webKeys.userSession("3", sid))).value, null);
    const live = await s.create("3", 5_000);
    const session = (await s.get(live))!;
    await s.endAllOf("3");
    await s.extend(live, session, 5_000);
    assert.equal(await s.get(live), null);
    assert.deepEqual(await s.sessionsOf("3"), []);
  });
});

Deno.test("SessionStore.endAllOf() ends every session of the user but the one kept", async () => {
  await withKv(async (kv) => {
    const s = new SessionStore(kv, () => 0);
    const [a, b, c] = [
      await s.create("3", 5_000),
      await s.create("3", 5_000),
      await s.create("3", 5_000),
    ];
    const other = await s.create("4", 5_000);
    assert.equal(await s.endAllOf("3", b), 2);
    assert.equal(await s.get(a), null);
    assert.equal(await s.get(c), null);
    assert.equal((await s.get(b))?.userId, "3");
    assert.equal((await s.get(other))?.userId, "4");
  });
});

Deno.test("SessionStore.endAllIn() ends the sessions in the transaction's commit, or not at all", async () => {
  const { openDb, resolveSchema } = await import("./mod.ts");
  const schema = resolveSchema({
    classes: [{
      name: "user",
      key: "username",
      properties: { username: { type: "String" } },
    }],
  });
  await withKv(async (kv) => {
    const db = openDb(kv, schema);
    const s = new SessionStore(kv, () => 0);
    const id = await db.cls("user").create({ username: "alice" });
    const sid = await s.create(id, 5_000);
    await assert.rejects(
      db.transact(async (tx) => {
        await tx.set("user", id, { username: "alicia" });
        assert.equal(await s.endAllIn(tx, id), 1);
        throw new RangeError("Cannot save: refused by a test");
      }),
      /refused by a test/,
    );
    assert.equal((await s.get(sid))?.userId, id);
    await db.transact(async (tx) => {
      await tx.set("user", id, { username: "alicia" });
      await s.endAllIn(tx, id);
    });
    // No reactor is registered here: the commit itself ended it.
    assert.equal(await s.get(sid), null);
    assert.equal(await db.cls("user").get(id, "username"), "alicia");
  });
});
