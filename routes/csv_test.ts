import assert from "node:assert/strict";
import { testTracker } from "../server/_test_tracker.ts";

Deno.test("csvExport() exports every matching row, building them from the records the filter read", async () => {
  const { t, app, close } = await testTracker();
  try {
    const issue = t.db.cls("issue");
    for (let i = 0; i < 120; i++) await issue.create({ title: `bulk ${i}` });
    // Count the records read again through the handle (the filter reads them already).
    let asked = 0;
    const records = issue.records.bind(issue);
    issue.records = (ids: string[]) => {
      if (ids.length) asked += ids.length;
      return records(ids);
    };
    const res = await app.request(
      "http://localhost:8917/demo/issue?@action=export_csv&@columns=id,title&@sort=id&@pagesize=10",
    );
    const lines = (await res.text()).trim().split("\n");
    assert.equal(lines.length, 1 + 125, "every row, not one page");
    assert.equal(lines[125], '"125","bulk 119"');
    assert.equal(asked, 0, `${asked} issue records read twice`);
  } finally {
    await close();
  }
});
