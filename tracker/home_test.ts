import assert from "node:assert/strict";
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  isInitialised,
  openTracker,
} from "./home.ts";

const SETTINGS = {
  tracker_web: "http://localhost/t/",
  mail_domain: "example.com",
  mail_host: "localhost",
};

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("installTracker() writes config, detector config, schema and database directory", async () => {
  await withDir(async (dir) => {
    const home = join(dir, "t");
    await installTracker(home, {
      template: "classic",
      backend: "kv",
      settings: SETTINGS,
    });
    for (
      const f of [
        "config.ini",
        "detectors/config.ini",
        "schema.json",
        "initial_data.json",
        "db/backend_name",
      ]
    ) {
      assert.ok((await Deno.stat(join(home, f))).isFile, f);
    }
    const ini = await Deno.readTextFile(join(home, "config.ini"));
    for (
      const section of [
        "[main]",
        "[tracker]",
        "[web]",
        "[logging]",
        "[mail]",
        "[mailgw]",
        "[nosy]",
      ]
    ) {
      assert.ok(ini.includes(section), section);
    }
    assert.match(ini, /^web = http:\/\/localhost\/t\/$/m);
    assert.match(
      await Deno.readTextFile(join(home, "detectors/config.ini")),
      /chatting_requires_two_users/,
    );
    await assert.rejects(
      () => installTracker(home),
      /a tracker is already there/,
    );
    await assert.rejects(
      () => installTracker(join(dir, "x"), { template: "nope" }),
      /choose one of classic, minimal/,
    );
    await assert.rejects(
      () => installTracker(join(dir, "y"), { backend: "sqlite" }),
      /use "kv"/,
    );
  });
});

Deno.test("initialiseTracker() needs web, mail domain and mail host, then loads Roundup's initial data", async () => {
  await withDir(async (dir) => {
    const bare = join(dir, "bare");
    await installTracker(bare);
    const t0 = await openTracker(bare);
    await assert.rejects(
      () => initialiseTracker(t0, "pw"),
      /set \[tracker\] web, \[mail\] domain, \[mail\] host/,
    );
    t0.close();
    const home = join(dir, "t");
    await installTracker(home, { settings: SETTINGS });
    const t = await openTracker(home);
    try {
      assert.equal(await isInitialised(t), false);
      await initialiseTracker(t, "sekrit");
      assert.equal(await isInitialised(t), true);
      const names = async (cls: string) =>
        await Promise.all(
          (await t.db.cls(cls).list()).map((id) =>
            t.db.cls(cls).get(id, "name")
          ),
        );
      assert.deepEqual(await names("status"), [
        "unread",
        "deferred",
        "chatting",
        "need-eg",
        "in-progress",
        "testing",
        "done-cbb",
        "resolved",
      ]);
      assert.deepEqual(await names("priority"), [
        "critical",
        "urgent",
        "bug",
        "feature",
        "wish",
      ]);
      const admin = await t.db.cls("user").getItem(
        await t.db.cls("user").lookup("admin"),
      );
      assert.equal(admin.roles, "Admin");
      assert.match(String(admin.password), /^\{PBKDF2S5\}/);
      assert.equal(await t.db.cls("user").lookup("anonymous"), "2");
    } finally {
      t.close();
    }
  });
});

Deno.test("a tracker home keeps working after it is moved, and takes schema changes", async () => {
  await withDir(async (dir) => {
    const home = join(dir, "t");
    await installTracker(home, { template: "minimal", settings: SETTINGS });
    const t = await openTracker(home);
    await initialiseTracker(t, "pw");
    t.close();
    const moved = join(dir, "moved");
    await Deno.rename(home, moved);
    const schema = JSON.parse(
      await Deno.readTextFile(join(moved, "schema.json")),
    );
    schema.classes.push({
      name: "milestone",
      key: "name",
      properties: { name: { type: "String" }, due: { type: "Date" } },
    });
    await Deno.writeTextFile(
      join(moved, "schema.json"),
      JSON.stringify(schema),
    );
    const t2 = await openTracker(moved);
    try {
      assert.equal(await t2.db.cls("user").lookup("admin"), "1");
      const id = await t2.db.cls("milestone").create({
        name: "1.0",
        due: Date.UTC(2027, 0, 1),
      });
      assert.equal(await t2.db.cls("milestone").lookup("1.0"), id);
    } finally {
      t2.close();
    }
  });
});
