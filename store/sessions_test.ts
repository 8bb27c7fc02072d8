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
