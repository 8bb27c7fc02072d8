import assert from "node:assert/strict";
import { testTracker } from "../_test_tracker.ts";

Deno.test("GET /rest/data/CLASS reads each matching record once, answering every match", async () => {
  const { t, app, close } = await testTracker();
  try {
    const issue = t.db.cls("issue");
    for (let i = 0; i < 40; i++) await issue.create({ title: `r${i}` });
    // Count the issue records asked of KV (getMany) while the collection is answered.
    const kv = t.db.kv;
    let asked = 0;
    const getMany = kv.getMany.bind(kv);
    kv.getMany =
      ((keys: Deno.KvKey[], o?: { consistency?: Deno.KvConsistencyLevel }) => {
        asked += keys.filter((k) => k[0] === "item" && k[1] === "issue").length;
        return getMany(keys, o);
      }) as typeof kv.getMany;
    const res = await app.request(
      "http://localhost:8917/demo/rest/data/issue?@sort=-title&@fields=title",
      { headers: { authorization: "Basic " + btoa("admin:admin") } },
    );
    const { data } = await res.json();
    assert.equal(data.collection.length, 45);
    assert.equal(data.collection[0].title, "r9");
    // The filter lists the records it sorts; none is read a second time.
    assert.equal(asked, 0, `${asked} issue records read again`);
  } finally {
    await close();
  }
});
