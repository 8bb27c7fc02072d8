import assert from "node:assert/strict";
import { withClassicDb } from "../../tests/_helpers.ts";

Deno.test("classic schema: nosy changes write no link or unlink entry into the user's journal", async () => {
  await withClassicDb({}, async (db) => {
    const before = (await db.cls("user").history("3")).length;
    const id = await db.cls("issue").create({ title: "a", nosy: ["3"] });
    await db.cls("issue").set(id, { nosy: ["4"], assignedto: "3" });
    await db.cls("issue").set(id, { nosy: ["3"] });
    const alice = await db.cls("user").history("3");
    // Only the assignedto Link, which keeps do_journal, shows up.
    assert.deepEqual(alice.slice(before).map((e) => [e.action, e.params]), [
      ["link", ["issue", id, "assignedto"]],
    ]);
    // The issue's own journal still records the nosy changes.
    const issue = await db.cls("issue").history(id);
    assert.deepEqual(
      issue.filter((e) => e.action === "set").map((e) =>
        Object.keys(e.params as object)
      ),
      [["assignedto", "nosy"], ["nosy"]],
    );
  });
});
