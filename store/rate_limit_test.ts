import assert from "node:assert/strict";
import { RateLimiter } from "./rate_limit.ts";

Deno.test("RateLimiter.hit() refuses the call after the limit and allows it again later", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = 1_000_000;
    const rl = new RateLimiter(kv, () => now);
    const limit = { calls: 3, periodSec: 60 };
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await rl.hit("api", "3", limit));
    assert.deepEqual(seen.map((s) => s.refused), [false, false, false, true]);
    assert.equal(seen[0]!.headers["X-RateLimit-Limit"], "3");
    assert.equal(seen[0]!.headers["X-RateLimit-Limit-Period"], "60");
    assert.equal(seen[0]!.headers["X-RateLimit-Remaining"], "2");
    assert.equal(seen[3]!.headers["Retry-After"], "20");
    assert.equal((await rl.hit("api", "4", limit)).refused, false);
    now += 20_000;
    assert.equal((await rl.hit("api", "3", limit)).refused, false);
    assert.equal(await rl.exhausted("api", "3", limit), true);
    await rl.reset("api", "3");
    assert.equal(await rl.exhausted("api", "3", limit), false);
  } finally {
    kv.close();
  }
});
