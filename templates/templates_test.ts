import assert from "node:assert/strict";
import { openDb, resolveSchema } from "../store/mod.ts";
import { verifyPassword } from "../store/password.ts";
import { loadInitialData } from "../tracker/initial_data.ts";
import { parseConfigIni, parseDetectorsConfigIni } from "../tracker/config.ts";
import { DETECTORS, installDetectors, TEMPLATES } from "./mod.ts";

Deno.test("TEMPLATES holds classic and minimal, each with a schema that resolves", () => {
  assert.deepEqual(Object.keys(TEMPLATES), ["classic", "minimal"]);
  for (const [name, t] of Object.entries(TEMPLATES)) {
    assert.equal(t.name, name);
    const schema = resolveSchema(t.schema);
    assert.ok(schema.classes.has("user"), name);
    for (const d of t.schema.detectors ?? []) assert.ok(d in DETECTORS, d);
  }
});

Deno.test("TEMPLATES classic has Roundup's classes, keys and properties", () => {
  const schema = resolveSchema(TEMPLATES.classic!.schema);
  const own = (cls: string) =>
    [...schema.classes.get(cls)!.props.values()].filter((p) => !p.automatic)
      .map((p) => p.name).sort();
  assert.deepEqual([...schema.classes.keys()].sort(), [
    "file",
    "issue",
    "keyword",
    "msg",
    "priority",
    "query",
    "status",
    "user",
  ]);
  assert.deepEqual(own("issue"), [
    "assignedto",
    "files",
    "keyword",
    "messages",
    "nosy",
    "priority",
    "status",
    "superseder",
    "title",
  ]);
  assert.deepEqual(own("msg"), [
    "author",
    "content",
    "date",
    "files",
    "inreplyto",
    "messageid",
    "recipients",
    "summary",
    "type",
  ]);
  const msg = schema.classes.get("msg")!;
  assert.equal(msg.props.get("author")!.do_journal, false);
  assert.equal(msg.props.get("recipients")!.do_journal, false);
  assert.equal(schema.classes.get("user")!.key, "username");
  assert.equal(schema.classes.get("status")!.orderprop, "order");
  assert.equal(schema.classes.get("query")!.key, undefined);
});

// What `roundup-admin initialise` creates: [class, key or name, order] in creation order.
const CLASSIC_ITEMS = [
  ...["critical", "urgent", "bug", "feature", "wish"].map((n, i) => [
    "priority",
    n,
    i + 1,
  ]),
  ...[
    "unread",
    "deferred",
    "chatting",
    "need-eg",
    "in-progress",
    "testing",
    "done-cbb",
    "resolved",
  ].map((n, i) => ["status", n, i + 1]),
];

Deno.test("loadInitialData() of classic creates Roundup's priorities, statuses and users", async () => {
  const t = TEMPLATES.classic!;
  const db = openDb(await Deno.openKv(":memory:"), resolveSchema(t.schema));
  try {
    const cfg = {
      config: parseConfigIni(""),
      detectors: parseDetectorsConfigIni(""),
    };
    installDetectors(db, t.schema.detectors!, cfg);
    await loadInitialData(db, t.initialData, {
      adminpw: "sekrit",
      admin_email: "roundup-admin@example.com",
    });
    const got = [];
    for (const cls of ["priority", "status"]) {
      for (const id of await db.cls(cls).list()) {
        const item = await db.cls(cls).getItem(id);
        got.push([cls, item.name, item.order]);
      }
    }
    assert.deepEqual(got, CLASSIC_ITEMS);
    const users = db.cls("user");
    const admin = await users.getItem(await users.lookup("admin"));
    assert.equal(admin.id, "1");
    assert.equal(admin.address, "roundup-admin@example.com");
    assert.equal(admin.roles, "Admin");
    assert.ok(await verifyPassword("sekrit", String(admin.password)));
    const anonymous = await users.getItem(await users.lookup("anonymous"));
    assert.deepEqual(
      [anonymous.id, anonymous.roles, anonymous.password, anonymous.address],
      ["2", "Anonymous", null, null],
    );
  } finally {
    db.close();
  }
});

Deno.test("loadInitialData() of minimal creates only the two users", async () => {
  const t = TEMPLATES.minimal!;
  const db = openDb(await Deno.openKv(":memory:"), resolveSchema(t.schema));
  try {
    installDetectors(db, t.schema.detectors!, {
      config: parseConfigIni(""),
      detectors: parseDetectorsConfigIni(""),
    });
    await loadInitialData(db, t.initialData, {
      adminpw: "x",
      admin_email: "admin@example.com",
    });
    const names = [];
    for (const id of await db.cls("user").list()) {
      names.push(await db.cls("user").get(id, "username"));
    }
    assert.deepEqual(names, ["admin", "anonymous"]);
    assert.deepEqual(db.classNames(), ["user"]);
  } finally {
    db.close();
  }
});
