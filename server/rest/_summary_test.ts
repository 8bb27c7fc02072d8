import assert from "node:assert/strict";
import { testTracker } from "../_test_tracker.ts";
import { activities } from "./_summary.ts";

Deno.test("the summary's journal scan of the class says what each issue's history says", async () => {
  const { t, app, close } = await testTracker();
  try {
    const issue = t.db.cls("issue");
    const msg = t.db.cls("msg");
    for (let i = 0; i < 8; i++) {
      const id = await issue.create({ title: `sum ${i}` });
      for (let k = 0; k < i % 3; k++) {
        const m = await msg.create({ content: `note ${k}`, author: "1" });
        const had = (await issue.get(id, "messages")) as string[];
        await issue.set(id, { messages: [...had, m] });
      }
    }
    const ids = await issue.list();
    const old = Date.now() - 7 * 24 * 3600_000;
    const oneByOne = await activities(issue, ids, old, Infinity);
    const scanned = await activities(issue, ids, old, 0);
    assert.deepEqual(scanned, oneByOne);
    assert.equal(oneByOne.get(ids.at(-1)!)!.messages, 1);
    assert.equal(oneByOne.get(ids.at(-3)!)!.messages, 2);
    const res = await app.request(
      "http://localhost:8917/demo/rest/summary",
      { headers: { authorization: "Basic " + btoa("admin:admin") } },
    );
    const { data } = await res.json();
    const created = data.created.map((o: { id: string }) => o.id);
    for (const id of ids.slice(-8)) assert.ok(created.includes(id));
    assert.equal(data.most_discussed.length, 10);
  } finally {
    await close();
  }
});
