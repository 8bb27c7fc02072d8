import assert from "node:assert/strict";
import { BASIC_TTL_MS, BasicCache } from "./basic_cache.ts";
import { testTracker } from "./_test_tracker.ts";
import { hashPassword } from "../store/password.ts";

const auth = (s: string) => ({ authorization: `Basic ${btoa(s)}` });

Deno.test("BasicCache trusts a checked header until it expires or the stored password changes", async () => {
  let now = 1_000_000;
  const cache = new BasicCache(() => now);
  const key = await BasicCache.keyOf("Basic YWxpY2U6YWxpY2U=");
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.doesNotMatch(key, /alice/);
  cache.remember(key, "3", "{PBKDF2}old");
  assert.equal(
    await cache.userFor(key, () => Promise.resolve("{PBKDF2}old")),
    "3",
  );
  // Another password hash now (a password change): forgotten at once.
  assert.equal(
    await cache.userFor(key, () => Promise.resolve("{PBKDF2}new")),
    null,
  );
  assert.equal(cache.size, 0);
  cache.remember(key, "3", "{PBKDF2}old");
  // A retired or removed user has no stored password to compare.
  assert.equal(await cache.userFor(key, () => Promise.resolve(null)), null);
  cache.remember(key, "3", "{PBKDF2}old");
  now += BASIC_TTL_MS;
  assert.equal(
    await cache.userFor(key, () => Promise.resolve("{PBKDF2}old")),
    null,
  );
  assert.equal(cache.size, 0);
});

Deno.test("identify() checks a Basic password once, then trusts the header until the password changes", async () => {
  let now = Date.now();
  const { t, app, close } = await testTracker({}, { now: () => now });
  try {
    const page = (who: string) =>
      app.request("http://localhost:8917/demo/issue", { headers: auth(who) });
    let t0 = performance.now();
    const first = await page("alice:alice");
    const checked = performance.now() - t0;
    assert.equal(first.status, 200);
    assert.match(await first.text(), /Hello, alice/);
    t0 = performance.now();
    const again = await page("alice:alice");
    const cached = performance.now() - t0;
    assert.equal(again.status, 200);
    assert.match(await again.text(), /Hello, alice/);
    // The password hash (PBKDF2) is what the first request paid for.
    assert.ok(
      cached * 3 < checked,
      `a remembered header took ${cached} ms, the checked one ${checked} ms`,
    );
    const alice = await t.db.cls("user").lookup("alice");
    await t.db.cls("user").set(alice, {
      password: await hashPassword("changed"),
    });
    const old = await page("alice:alice");
    assert.equal(old.status, 401);
    await old.body?.cancel();
    const fresh = await page("alice:changed");
    assert.equal(fresh.status, 200);
    await fresh.body?.cancel();
    await t.db.cls("user").retire(alice);
    const retired = await page("alice:changed");
    assert.equal(retired.status, 401);
    await retired.body?.cancel();
    // A wrong password is never remembered, and expiry makes the next request check again.
    now += 10 * 60_000;
    assert.equal((await page("bob:nope")).status, 401);
    const bob = await page("bob:bob");
    assert.equal(bob.status, 200);
    await bob.body?.cancel();
  } finally {
    await close();
  }
});
