import assert from "node:assert/strict";
import { testTracker } from "../_test_tracker.ts";

Deno.test("restActor() answers Basic auth with a user name too long for any user with 401, not a KV key error", async () => {
  const { app, close } = await testTracker();
  try {
    const res = await app.request(
      "http://localhost:8917/demo/rest/data/issue",
      {
        headers: { authorization: "Basic " + btoa("x".repeat(3000) + ":pw") },
      },
    );
    assert.equal(res.status, 401);
    assert.match(await res.text(), /Invalid Login - the user name is too long/);
  } finally {
    await close();
  }
});
