import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

const events = (html: string) => html.match(/<li class="event /g)?.length ?? 0;

Deno.test("a status page shows its newest 10 history entries and links to all, an issue page shows all", async () => {
  const { t, app, close } = await testTracker();
  try {
    const issue = t.db.cls("issue");
    // Each issue created with status 1 is a "link" entry in status1's journal.
    for (let i = 0; i < 14; i++) {
      await issue.create({ title: `s${i}`, status: "1" });
    }
    for (let i = 0; i < 12; i++) await issue.set("1", { title: `again ${i}` });
    const c = new TestClient(app);
    await c.login("admin", "admin");
    const all = (await t.db.cls("status").history("1")).length;
    assert.ok(all > 14, `status1 has ${all} entries`);
    const page = await (await c.get("/demo/status1")).text();
    assert.equal(events(page), 10);
    assert.match(page, /Showing 10 items\./);
    assert.match(page, /href="\/demo\/status1\?show_all_history=yes"/);
    // The newest entry is shown: the last issue created.
    const last = (await issue.list()).at(-1);
    assert.match(page, new RegExp(`issue ${last} status`));
    const full = await (await c.get("/demo/status1?show_all_history=yes"))
      .text();
    assert.equal(events(full), all);
    assert.doesNotMatch(full, /Showing 10 items/);
    const issuePage = await (await c.get("/demo/issue1")).text();
    assert.equal(events(issuePage), (await issue.history("1")).length);
    assert.ok(events(issuePage) > 10);
    assert.doesNotMatch(issuePage, /Show all history/);
  } finally {
    await close();
  }
});
