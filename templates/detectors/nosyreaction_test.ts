import assert from "node:assert/strict";
import type { Values } from "../../store/mod.ts";
import { withClassicDb as withDb } from "../../tests/_helpers.ts";

// [what, config.ini, existing issue (null: create), change, nosy after]; msg "A" is by bob (4) to alice (3).
const NOSY_ROWS: Array<[string, string, Values | null, Values, string[]]> = [
  ["a new issue's assignee", "", null, { assignedto: "3" }, ["3"]],
  [
    "a new issue's message author and recipients",
    "",
    null,
    { messages: ["A"] },
    ["3", "4"],
  ],
  ["no authors with add_author = no", "[nosy]\nadd_author = no\n", null, {
    messages: ["A"],
  }, ["3"]],
  ["no author on a later message by default", "", { title: "t" }, {
    messages: ["A"],
  }, []],
  [
    "a later message's author with add_author = yes",
    "[nosy]\nadd_author = yes\n",
    { title: "t" },
    { messages: ["A"] },
    ["4"],
  ],
  ["a later assignee", "", { title: "t", nosy: ["1"] }, { assignedto: "4" }, [
    "1",
    "4",
  ]],
  ["unknown users dropped when the list changes", "", { title: "t" }, {
    nosy: ["3", "99"],
    assignedto: "4",
  }, ["3", "4"]],
  ["nothing for a title change", "", { title: "t", nosy: ["1"] }, {
    title: "u",
  }, ["1"]],
];

Deno.test("nosyreaction adds assignees, authors and recipients as Roundup does", async () => {
  for (const [what, config, existing, change, after] of NOSY_ROWS) {
    await withDb({ config }, async (db) => {
      const msg = await db.cls("msg").create({
        content: "x",
        author: "4",
        recipients: ["3"],
      }, { actor: "4" });
      const values = {
        ...change,
        ...(change.messages ? { messages: [msg] } : {}),
      };
      const issues = db.cls("issue");
      const id = existing
        ? await issues.create(existing)
        : await issues.create({ title: "t", ...values });
      if (existing) await issues.set(id, values);
      assert.deepEqual(await issues.get(id, "nosy"), after, what);
    });
  }
});

Deno.test("nosyreaction hands each new message to sendNosy", async () => {
  const sent: string[] = [];
  await withDb({
    sendNosy: (e) =>
      void sent.push(`${e.action} ${e.cls}${e.id} msg${e.messageId}`),
  }, async (db) => {
    const m1 = await db.cls("msg").create({ content: "one", author: "3" });
    const m2 = await db.cls("msg").create({ content: "two", author: "3" });
    const id = await db.cls("issue").create({ title: "t", messages: [m1, m2] });
    await db.cls("issue").set(id, { title: "renamed" });
    const m3 = await db.cls("msg").create({ content: "three", author: "4" });
    await db.cls("issue").set(id, { messages: [m1, m2, m3] });
  });
  assert.deepEqual(sent, [
    "create issue1 msg1",
    "create issue1 msg2",
    "set issue1 msg3",
  ]);
});
