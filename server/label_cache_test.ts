import assert from "node:assert/strict";
import { LABEL_TTL_MS, LabelCache } from "./label_cache.ts";
import { TestClient, testTracker } from "./_test_tracker.ts";

Deno.test("LabelCache forgets a label after LABEL_TTL_MS or when dropped", () => {
  let now = 0;
  const cache = new LabelCache(() => now);
  cache.set("status1", "unread");
  assert.equal(cache.get("status1"), "unread");
  cache.drop("status1");
  assert.equal(cache.get("status1"), undefined);
  cache.set("status1", "unread");
  now += LABEL_TTL_MS;
  assert.equal(cache.get("status1"), undefined);
});

Deno.test("the index shows a renamed status at once when the rename went through this process", async () => {
  const { t, app, close } = await testTracker();
  try {
    const client = new TestClient(app);
    await client.login("admin", "admin");
    const before = await (await client.get("/demo/issue")).text();
    assert.match(before, /<td>unread<\/td>/);
    const unread = await t.db.cls("status").lookup("unread");
    await t.db.cls("status").set(unread, { name: "fresh" });
    const after = await (await client.get("/demo/issue")).text();
    assert.doesNotMatch(after, /<td>unread<\/td>/);
    assert.match(after, /<td>fresh<\/td>/);
  } finally {
    await close();
  }
});
