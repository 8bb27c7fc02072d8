import assert from "node:assert/strict";
import {
  CreationLinks,
  type ItemRecord,
  type JournalRow,
  LinkNotes,
  resolveSchema,
} from "./mod.ts";

const schema = resolveSchema({
  classes: [
    {
      name: "user",
      key: "username",
      properties: { username: { type: "String" } },
    },
    {
      name: "issue",
      properties: {
        nosy: { type: "Multilink", class: "user" },
        assignedto: { type: "Link", class: "user" },
      },
    },
  ],
});

const T0 = Date.UTC(2030, 0, 1);
const T1 = T0 + 60_000;
const T2 = T0 + 120_000;

const row = (
  id: string,
  date: number,
  action: JournalRow["entry"]["action"],
  params: unknown,
): JournalRow => ({ id, entry: { date, user: "1", action, params } });

/** An export's journals, by class: creating issue1 linked user2 through nosy and assignedto. */
const JOURNALS: Record<string, JournalRow[]> = {
  user: [
    row("1", T0, "create", {}),
    row("2", T0, "create", {}),
    row("2", T1, "link", ["issue", "1", "nosy"]),
    // Dated apart from issue1's creation, as real Roundup may: it stays a row.
    row("2", T2, "link", ["issue", "1", "assignedto"]),
  ],
  issue: [row("1", T1, "create", {})],
};

function record(id: string, values: ItemRecord["values"]): ItemRecord {
  return { id, rev: 0, retired: false, values };
}

Deno.test("LinkNotes and CreationLinks leave to the store only the rows history derives back", () => {
  const notes = new LinkNotes(schema);
  for (const [cls, rows] of Object.entries(JOURNALS)) {
    notes.startJournal(cls);
    for (const r of rows) notes.note(cls, r.id, r.entry);
  }
  const links = new CreationLinks(notes.settle());
  const users = [
    record("1", { username: "admin" }),
    record("2", { username: "bob" }),
  ];
  for (const u of users) assert.equal(links.prepareItem("user", u), undefined);
  const issue = record("1", { nosy: ["2"], assignedto: "2" });
  const stamps = links.prepareItem("issue", issue);
  assert.deepEqual([...stamps!], [["nosy:2", [T1, "1"]]]);
  assert.deepEqual(issue.created, {
    date: T1,
    user: "1",
    links: { nosy: ["2"] },
  });
  assert.deepEqual(users.map((u) => u.created), [
    { date: T0, user: "1" },
    { date: T0, user: "1" },
  ]);
  const kept = (cls: string) => {
    const read = links.journalReader<JournalRow>(schema.classes.get(cls)!, {
      decode: (r) => structuredClone(r),
      isLink: (r) => r.entry.action === "link",
    });
    return JOURNALS[cls]!.map(read).filter((r) => r !== null);
  };
  assert.deepEqual(kept("user"), [JOURNALS.user![3]]);
  assert.deepEqual(kept("issue"), []);
  assert.equal(links.derivedCount(), 1);
  assert.equal(links.keptCount(), 3);
});

Deno.test("LinkNotes keeps every link row when a journal is not grouped by item", () => {
  const notes = new LinkNotes(schema);
  notes.startJournal("user");
  const [a, b, c, d] = JOURNALS.user!;
  // user1's rows come again after user2's: nothing into or out of the class is derived.
  for (
    const r of [a!, b!, c!, { ...a!, entry: { ...a!.entry, date: T2 } }, d!]
  ) {
    notes.note("user", r.id, r.entry);
  }
  notes.startJournal("issue");
  notes.note("issue", "1", JOURNALS.issue![0]!.entry);
  const links = new CreationLinks(notes.settle());
  assert.equal(
    links.prepareItem("issue", record("1", { nosy: ["2"], assignedto: "2" })),
    undefined,
  );
  assert.equal(links.derivedCount(), 0);
});
