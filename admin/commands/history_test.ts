/** history: a changed Date or Interval is printed as Roundup 2.6's sqlite backend prints it. */
import assert from "node:assert/strict";
import { admin, makeTracker, NOW } from "../fixture_test.ts";

Deno.test("history prints a changed date as str() and, raw, as repr() of Roundup's Date", async () => {
  const { home, cleanup } = await makeTracker();
  try {
    let r = await admin(home, [
      "create",
      "msg",
      "content=hello",
      "date=2020-01-01.10:00",
    ]);
    assert.equal(r.code, 0, r.err);
    r = await admin(home, ["set", "msg1", "date=2020-06-01.07:00"], {
      now: NOW + 60_000,
    });
    assert.equal(r.code, 0, r.err);
    r = await admin(home, ["history", "msg1"]);
    // roundup-admin 2.6 (sqlite): "admin(…) set date was 2020-01-01.10:00:00".
    assert.match(r.out, /\) set date was 2020-01-01\.10:00:00\n/);
    r = await admin(home, ["history", "msg1", "raw"]);
    assert.match(
      r.out,
      /'set', \{'date': <Date 2020-01-01\.10:00:00\.000>\}\)/,
    );
  } finally {
    await cleanup();
  }
});
