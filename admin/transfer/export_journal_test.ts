import assert from "node:assert/strict";
import { resolveSchema } from "../../store/mod.ts";
import { schema as classicSpec } from "../../templates/classic/schema.ts";
import { exportJournal, importJournal } from "./export_journal.ts";

const classic = resolveSchema(classicSpec);
const msg = classic.classes.get("msg")!;
// A schema with an Interval, to see its journal values both ways.
const timed = resolveSchema({
  classes: [{
    name: "user",
    key: "username",
    properties: { username: { type: "String" } },
  }, {
    name: "task",
    key: "name",
    properties: { name: { type: "String" }, spent: { type: "Interval" } },
  }],
}).classes.get("task")!;

Deno.test("exportJournal() writes a changed date as Roundup 2.6's sqlite export does: a tuple", () => {
  // The row a real roundup-admin 2.6 export holds after `set msg1 date=2020-06-01.12:00`.
  const row = [
    "'1'",
    "(2026, 12, 4, 23, 34, 11.5, 0, 0, 0)",
    "'3'",
    "'set'",
    "{'date': (2020, 1, 1, 10, 0, 0.0, 0, 0, 0)}",
  ];
  const { id, entry } = importJournal(msg, row);
  assert.deepEqual(entry.params, { date: Date.UTC(2020, 0, 1, 10, 0, 0) });
  assert.deepEqual(exportJournal(msg, id, entry), row);
});

Deno.test("importJournal() also reads the serialised dates of Roundup's anydbm backend and earlier exports", () => {
  const { id, entry } = importJournal(msg, [
    "'1'",
    "(2026, 12, 4, 23, 34, 11.0, 0, 0, 0)",
    "'1'",
    "'set'",
    "{'date': '20200601070000.250'}",
  ]);
  assert.deepEqual(entry.params, { date: Date.UTC(2020, 5, 1, 7, 0, 0, 250) });
  assert.equal(
    exportJournal(msg, id, entry)[4],
    "{'date': (2020, 6, 1, 7, 0, 0.25, 0, 0, 0)}",
  );
});

Deno.test("exportJournal() writes a changed interval as Roundup's Interval.get_tuple()", () => {
  const row = [
    "'2'",
    "(2026, 1, 1, 0, 0, 0.0, 0, 0, 0)",
    "'1'",
    "'set'",
    "{'spent': (-1, 0, 2, 1, 0, 0, 0)}",
  ];
  const { id, entry } = importJournal(timed, row);
  assert.deepEqual(exportJournal(timed, id, entry), row);
  const old = importJournal(timed, [
    ...row.slice(0, 4),
    "{'spent': '- 2m 1d'}",
  ]);
  assert.deepEqual(exportJournal(timed, id, old.entry), row);
});
