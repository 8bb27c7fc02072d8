/** Shared test fixtures: a small schema and a fresh in-memory database. */
import { type Db, openDb, resolveSchema, type SchemaSpec } from "../store/mod.ts";

export const TEST_SCHEMA: SchemaSpec = {
  classes: [
    { name: "status", key: "name", properties: { name: { type: "String" }, order: { type: "Number" } } },
    { name: "keyword", key: "name", properties: { name: { type: "String" } } },
    {
      name: "user",
      key: "username",
      properties: {
        username: { type: "String" },
        password: { type: "Password" },
        address: { type: "String" },
        roles: { type: "String" },
      },
    },
    {
      name: "msg",
      base: "FileClass",
      properties: {
        author: { type: "Link", class: "user", do_journal: false },
        date: { type: "Date" },
        summary: { type: "String" },
      },
    },
    { name: "file", base: "FileClass", properties: { name: { type: "String" } } },
    {
      name: "issue",
      base: "IssueClass",
      properties: {
        status: { type: "Link", class: "status" },
        keyword: { type: "Multilink", class: "keyword" },
        assignedto: { type: "Link", class: "user" },
        estimate: { type: "Number" },
        deadline: { type: "Date" },
        urgent: { type: "Boolean" },
      },
    },
  ],
};

/** A database on a fresh in-memory KV with a fake clock that ticks one second per call. */
export async function memoryDb(start = Date.UTC(2026, 0, 1)): Promise<Db> {
  let t = start;
  const kv = await Deno.openKv(":memory:");
  return openDb(kv, resolveSchema(TEST_SCHEMA), { now: () => (t += 1000) });
}
