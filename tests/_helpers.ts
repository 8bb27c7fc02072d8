/** Shared test fixtures: a small schema and a fresh in-memory database. */
import {
  type Db,
  openDb,
  resolveSchema,
  type SchemaSpec,
} from "../store/mod.ts";
import { parseConfigIni, parseDetectorsConfigIni } from "../tracker/config.ts";
import { schema as classicSchema } from "../templates/classic/schema.ts";
import {
  type DetectorConfig,
  installDetectors,
  type NosyEvent,
} from "../templates/mod.ts";

export const TEST_SCHEMA: SchemaSpec = {
  classes: [
    {
      name: "status",
      key: "name",
      properties: { name: { type: "String" }, order: { type: "Number" } },
    },
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
    {
      name: "file",
      base: "FileClass",
      properties: { name: { type: "String" } },
    },
    {
      name: "issue",
      base: "IssueClass",
      properties: {
        status: { type: "Link", class: "status" },
        keyword: { type: "Multilink", class: "keyword" },
        // Journalled, unlike the IssueClass default, so store tests see link entries.
        nosy: { type: "Multilink", class: "user", do_journal: true },
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

/** Options of classicDb(): config.ini and detectors/config.ini text, and the nosy mail hook. */
export interface ClassicDbOptions {
  ini?: string;
  config?: string;
  sendNosy?: (e: NosyEvent) => void;
}

/**
 * A classic-template db with its detectors: statuses 1-8 (unread..resolved) and users admin (1),
 * anonymous (2), alice (3, alice@example.com, alternate al@home.example) and bob (4, bob@example.com).
 */
export async function classicDb(
  o: ClassicDbOptions = {},
): Promise<Db> {
  let t = Date.UTC(2026, 0, 1);
  const db = openDb(
    await Deno.openKv(":memory:"),
    resolveSchema(classicSchema),
    {
      now: () => (t += 1000),
    },
  );
  const statuses = [
    "unread",
    "deferred",
    "chatting",
    "need-eg",
    "in-progress",
    "testing",
    "done-cbb",
    "resolved",
  ];
  await db.transact(async (tx) => {
    for (const [i, name] of statuses.entries()) {
      await tx.create("status", { name, order: i + 1 });
    }
    await tx.create("user", { username: "admin", roles: "Admin" });
    await tx.create("user", { username: "anonymous", roles: "Anonymous" });
    await tx.create("user", {
      username: "alice",
      address: "alice@example.com",
      alternate_addresses: "al@home.example",
    });
    await tx.create("user", { username: "bob", address: "bob@example.com" });
  });
  const cfg: DetectorConfig = {
    config: parseConfigIni(o.config ?? ""),
    detectors: parseDetectorsConfigIni(o.ini ?? ""),
    sendNosy: o.sendNosy,
  };
  installDetectors(db, classicSchema.detectors!, cfg);
  return db;
}

/** Runs `fn` on a fresh classicDb() and closes it afterwards. */
export async function withClassicDb(
  o: ClassicDbOptions,
  fn: (db: Db) => Promise<void>,
): Promise<void> {
  const db = await classicDb(o);
  try {
    await fn(db);
  } finally {
    db.close();
  }
}
