import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "migrate",
  usage: "migrate",
  help: `Bring the tracker's database up to date with its schema.

Run this after upgrading this program or editing schema.json, before
anyone uses the tracker. It prints the schema version the database
is at, and whether it had to be updated. Running it when nothing
needs doing is harmless.

Bringing a store of format 2 to format 3 counts every item once (the
index pages' exact totals), as does a schema whose Link properties
changed; stop the server and other programs using the tracker first,
as migrate refuses if items change meanwhile.`,
  async run(_args, ctx) {
    const { db, schema } = await ctx.tracker();
    const format = await db.migrateFormat();
    if (typeof format.from === "number" && format.from !== format.to) {
      ctx.io.out(
        `Store format updated from ${format.from} to ${format.to}.\n`,
      );
    } else if (format.counted) {
      ctx.io.out("Item counts rebuilt for the changed schema.\n");
    }
    const stored = await db.getMeta<unknown>("schema");
    let version = (await db.getMeta<number>("schema_version")) ?? 1;
    if (
      stored !== null && JSON.stringify(stored) === JSON.stringify(schema.spec)
    ) {
      ctx.io.out(
        `No migration needed: the database is at schema version ${version}.\n`,
      );
      return 0;
    }
    if (stored !== null) version += 1;
    await db.setMeta("schema", schema.spec);
    await db.setMeta("schema_version", version);
    ctx.io.out(`Tracker updated to schema version ${version}.\n`);
    return 0;
  },
};
