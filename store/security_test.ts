import assert from "node:assert/strict";
import { openDb, resolveSchema, type SchemaSpec } from "./mod.ts";
import { Security } from "./security.ts";
import { schema as classic } from "../templates/classic/schema.ts";
import { schema as minimal } from "../templates/minimal/schema.ts";

// Printed by Roundup 2.6 `roundup-admin -i <classic tracker> security`.
const CLASSIC_SECURITY = `New Web users get the Role "User"
New Email users get the Role "User"
Role "admin":
 User may create everything (Create)
 User may edit everything (Edit)
 User may use the email interface (Email Access)
 User may access the rest interface (Rest Access)
 User may restore everything (Restore)
 User may retire everything (Retire)
 User may view everything (View)
 User may access the web interface (Web Access)
 User may manipulate user Roles through the web (Web Roles)
 User may access the xmlrpc interface (Xmlrpc Access)
Role "anonymous":
 User may access the web interface (Web Access)
 User is allowed to access file (View for "file" only)
 User is allowed to access issue (View for "issue" only)
 User is allowed to access keyword (View for "keyword" only)
 User is allowed to access msg (View for "msg" only)
 User is allowed to access priority (View for "priority" only)
 User is allowed to access status (View for "status" only)
 User is allowed to register new user (Register for "user" only)
  (Search for "user" only)
Role "user":
 User may use the email interface (Email Access)
 User may access the rest interface (Rest Access)
 User may access the web interface (Web Access)
 User may access the xmlrpc interface (Xmlrpc Access)
 User is allowed to create file (Create for "file" only)
 User is allowed to edit file (Edit for "file" only)
 User is allowed to access file (View for "file" only)
 User is allowed to create issue (Create for "issue" only)
 User is allowed to edit issue (Edit for "issue" only)
 User is allowed to access issue (View for "issue" only)
 User is allowed to create keyword (Create for "keyword" only)
 User is allowed to edit keyword (Edit for "keyword" only)
 User is allowed to access keyword (View for "keyword" only)
 User is allowed to create msg (Create for "msg" only)
 User is allowed to edit msg (Edit for "msg" only)
 User is allowed to access msg (View for "msg" only)
 User is allowed to access priority (View for "priority" only)
 User is allowed to create queries (Create for "query" only)
 User is allowed to edit their queries (Edit for "query" only)
 User is allowed to restore their queries (Restore for "query" only)
 User is allowed to retire their queries (Retire for "query" only)
  (Search for "query" only)
 User is allowed to view their own and public queries (View for "query" only)
 User is allowed to access status (View for "status" only)
 User is allowed to edit their own user details (Edit for "user": ('username', 'password', 'address', 'realname', 'phone', 'organisation', 'alternate_addresses', 'queries', 'timezone') only)
  (View for "user": ('id', 'organisation', 'phone', 'realname', 'timezone', 'username') only)
 User is allowed to view their own user details (View for "user" only)
`;

// Printed by `roundup-admin -i <classic tracker> security Anonymous`.
const CLASSIC_ANONYMOUS = `Role "anonymous":
 User may access the web interface (Web Access)
 User is allowed to access file (View for "file" only)
 User is allowed to access issue (View for "issue" only)
 User is allowed to access keyword (View for "keyword" only)
 User is allowed to access msg (View for "msg" only)
 User is allowed to access priority (View for "priority" only)
 User is allowed to access status (View for "status" only)
 User is allowed to register new user (Register for "user" only)
  (Search for "user" only)
`;

// Printed by `roundup-admin -i <minimal tracker> security`.
const MINIMAL_SECURITY = `New Web users get the Role "User"
New Email users get the Role "User"
Role "admin":
 User may create everything (Create)
 User may edit everything (Edit)
 User may use the email interface (Email Access)
 User may access the rest interface (Rest Access)
 User may restore everything (Restore)
 User may retire everything (Retire)
 User may view everything (View)
 User may access the web interface (Web Access)
 User may manipulate user Roles through the web (Web Roles)
 User may access the xmlrpc interface (Xmlrpc Access)
Role "anonymous":
 User may use the email interface (Email Access)
 User may access the web interface (Web Access)
 User is allowed to register new user (Register for "user" only)
Role "user":
 User may use the email interface (Email Access)
 User may access the rest interface (Rest Access)
 User may access the web interface (Web Access)
 User may access the xmlrpc interface (Xmlrpc Access)
 User is allowed to edit their own user details (Edit for "user": ('username', 'password', 'address', 'alternate_addresses') only)
  (View for "user": ('id', 'username') only)
 User is allowed to view their own user details (View for "user" only)
`;

// Printed for the minimal template with ("id", "username", "bogus", "creation") as User's View properties.
const MINIMAL_BAD_PROPERTY = `Role "user":
 User may use the email interface (Email Access)
 User may access the rest interface (Rest Access)
 User may access the web interface (Web Access)
 User may access the xmlrpc interface (Xmlrpc Access)
 User is allowed to edit their own user details (Edit for "user": ('username', 'password', 'address', 'alternate_addresses') only)
  (View for "user": ('id', 'username', 'bogus', 'creation') only)

  **Invalid properties for user: ['bogus']

`;

Deno.test("formatSecurity() prints what roundup-admin security prints for the classic template", () => {
  assert.equal(new Security(classic).formatSecurity(), CLASSIC_SECURITY);
});

Deno.test("formatSecurity() prints one role, named in any case", () => {
  assert.equal(
    new Security(classic).formatSecurity("Anonymous"),
    CLASSIC_ANONYMOUS,
  );
});

Deno.test("formatSecurity() prints what roundup-admin security prints for the minimal template", () => {
  assert.equal(new Security(minimal).formatSecurity(), MINIMAL_SECURITY);
});

Deno.test("formatSecurity() rejects an unknown role with Roundup's message", () => {
  assert.throws(() => new Security(classic).formatSecurity("nobody"), {
    name: "NotFoundError",
    message: 'No such Role "nobody"',
  });
});

Deno.test("formatSecurity() stops at a permission naming a missing property", () => {
  const spec: SchemaSpec = structuredClone(minimal);
  const view = spec.permissions!.find((p) => p.name === "View" && !p.check)!;
  view.properties = ["id", "username", "bogus", "creation"];
  const security = new Security(spec);
  assert.equal(security.formatSecurity("user"), MINIMAL_BAD_PROPERTY);
  assert.deepEqual(security.invalidProperties({ ...view, description: "" }), [
    "bogus",
  ]);
});

Deno.test("formatSecurity() says Roles when new users get several", () => {
  const text = new Security(minimal).formatSecurity(undefined, {
    newWebUserRoles: "User,Anonymous",
  });
  assert.match(
    text,
    /^New Web users get the Roles "User,Anonymous"\nNew Email users get the Role "User"\n/,
  );
});

Deno.test("roles() lists the three roles with lower-cased names", () => {
  const names = new Security(classic).roles().map((r) => r.name);
  assert.equal(names.join(), "user,admin,anonymous");
});

Deno.test("permissionsOf() lists a role's permissions in roundup-admin order", () => {
  const names = new Security(classic).permissionsOf("ADMIN").map((p) => p.name);
  const want = "Create,Edit,Email Access,Rest Access,Restore,Retire,View," +
    "Web Access,Web Roles,Xmlrpc Access";
  assert.equal(names.join(), want);
  assert.deepEqual(new Security(classic).permissionsOf("nobody"), []);
});

Deno.test("Security() rejects an unknown check, class or role", () => {
  const bad = (p: SchemaSpec["permissions"]) => () =>
    new Security({ ...minimal, permissions: p });
  assert.throws(
    bad([{ name: "View", klass: "user", check: "nope", roles: ["User"] }]),
    /no check function named "nope"/,
  );
  assert.throws(
    bad([{ name: "View", klass: "issue", roles: ["User"] }]),
    /no class named "issue"/,
  );
  assert.throws(
    bad([{ name: "View", klass: "user", roles: ["Boss"] }]),
    /role "Boss": no such role/,
  );
});

// [roles, permission, class, options, expected]: results checked against Roundup 2.6's hasPermission.
type Row = [
  string,
  string,
  string | undefined,
  { property?: string; itemId?: string; userId?: string },
  boolean,
];
const byAlice = (property: string, itemId: string) => ({
  property,
  itemId,
  userId: "3",
});
const TABLE: Row[] = [
  ["Admin", "Edit", "issue", {}, true],
  ["admin", "Web Roles", undefined, {}, true],
  ["Admin", "Restore", "msg", { itemId: "1" }, true],
  ["User", "Edit", "issue", {}, true],
  ["User", "Retire", "issue", {}, false],
  ["User", "Web Roles", undefined, {}, false],
  ["User", "Web Access", "issue", {}, true],
  ["User", "Search", "query", {}, true],
  ["User", "Search", "issue", {}, false],
  ["User", "Edit", "user", {}, true],
  ["User", "View", "user", { property: "username" }, true],
  ["User", "View", "user", { property: "password" }, true],
  ["User", "View", "user", byAlice("password", "4"), false],
  ["User", "View", "user", byAlice("password", "3"), true],
  ["User", "Edit", "user", byAlice("roles", "3"), false],
  ["User", "Edit", "user", byAlice("realname", "3"), true],
  ["User", "Edit", "user", { itemId: "3" }, false],
  ["Anonymous", "View", "issue", {}, true],
  ["Anonymous", "Edit", "issue", {}, false],
  ["Anonymous", "Search", "user", {}, true],
  ["Anonymous", "Register", "user", {}, true],
  ["User", "Register", "user", {}, false],
  [" anonymous , USER ", "Register", "user", {}, true],
  ["", "View", "issue", {}, false],
  ["Boss", "View", "issue", {}, false],
];

Deno.test("hasPermission() answers as Roundup does for the classic template", async () => {
  const security = new Security(classic);
  for (const [roles, perm, cls, opts, want] of TABLE) {
    assert.equal(
      await security.hasPermission(roles, perm, cls, opts),
      want,
      `${roles} ${perm} ${cls} ${JSON.stringify(opts)}`,
    );
  }
});

Deno.test("hasPermission() runs the query checks against the database", async () => {
  const db = openDb(await Deno.openKv(":memory:"), resolveSchema(classic));
  try {
    for (const username of ["admin", "anonymous", "alice", "bob"]) {
      await db.cls("user").create({ username });
    }
    const mine = await db.cls("query").create({
      name: "mine",
      private_for: "3",
    }, { actor: "3" });
    const pub = await db.cls("query").create({ name: "public" }, {
      actor: "4",
    });
    const security = new Security(classic);
    const can = (perm: string, itemId: string, userId: string) =>
      security.hasPermission("User", perm, "query", { itemId, userId, db });
    assert.equal(await can("View", mine, "4"), false);
    assert.equal(await can("View", mine, "3"), true);
    assert.equal(await can("View", pub, "3"), true);
    assert.equal(await can("Edit", pub, "3"), false);
    assert.equal(await can("Edit", pub, "4"), true);
    assert.equal(await can("Retire", mine, "3"), true);
    assert.equal(await can("Restore", mine, "4"), false);
    await assert.rejects(
      security.hasPermission("User", "View", "query", {
        itemId: mine,
        userId: "3",
      }),
      /no database was given/,
    );
  } finally {
    db.close();
  }
});

Deno.test("hasPermission() refuses an item without a class", async () => {
  await assert.rejects(
    new Security(classic).hasPermission("User", "View", undefined, {
      itemId: "1",
    }),
    TypeError,
  );
});
