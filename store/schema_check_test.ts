import assert from "node:assert/strict";
import { InvalidValueError } from "./errors.ts";
import { resolveSchema, type SchemaSpec } from "./schema.ts";

function refusal(spec: unknown): string {
  try {
    resolveSchema(spec as SchemaSpec);
  } catch (e) {
    assert.ok(e instanceof InvalidValueError, `${e}`);
    return e.message;
  }
  assert.fail("the schema was accepted");
}

const ok = { name: "thing", properties: { name: { type: "String" } } };

Deno.test("resolveSchema() refuses a wrong shape with a message naming the member, never a TypeError", () => {
  assert.match(
    refusal(null),
    /The schema must be an object with "classes", not null/,
  );
  assert.match(refusal([]), /The schema must be an object/);
  assert.match(
    refusal({}),
    /The schema's "classes" is missing: it must be a list of classes/,
  );
  assert.match(
    refusal({ classes: [42] }),
    /Class 1 of "classes" must be an object, not the number 42/,
  );
  assert.match(
    refusal({ classes: [{ name: 7, properties: {} }] }),
    /"name" must be a string, not the number 7/,
  );
  assert.match(
    refusal({ classes: [{ name: "thing" }] }),
    /Class "thing": "properties" is missing/,
  );
  assert.match(
    refusal({ classes: [{ name: "thing", properties: [] }] }),
    /"properties" must be an object .* not a list/,
  );
  assert.match(
    refusal({
      classes: [{ name: "thing", properties: { name: { type: "Strin" } } }],
    }),
    /Property "thing.name" has the type "Strin": the types are String, Number/,
  );
  assert.match(
    refusal({ classes: [{ name: "thing", properties: { name: "String" } }] }),
    /Property "thing.name" must be an object such as \{"type": "String"\}, not the string "String"/,
  );
  assert.match(
    refusal({
      classes: [{ name: "thing", properties: { owner: { type: "Link" } } }],
    }),
    /"thing.owner" is a Link and needs "class"/,
  );
  assert.match(
    refusal({
      classes: [{
        name: "thing",
        properties: { owner: { type: "Link", class: "user" } },
      }],
    }),
    /links to unknown class "user"/,
  );
  assert.match(
    refusal({ classes: [{ ...ok, base: "Foo" }] }),
    /has the base "Foo": the bases are Class, FileClass, IssueClass/,
  );
  assert.match(
    refusal({ classes: [{ ...ok, labelprop: "title" }] }),
    /cannot use "title" as labelprop: it has no such property/,
  );
  assert.match(
    refusal({ classes: [ok], roles: {} }),
    /"roles" must be a list, not an object/,
  );
  assert.match(
    refusal({ classes: [ok], permissions: [{ name: "Edit", roles: "User" }] }),
    /"roles" must be a list of strings, not the string "User"/,
  );
  assert.match(
    refusal({ classes: [ok], detectors: "nosyreaction" }),
    /"detectors" must be a list of strings/,
  );
  assert.match(
    refusal({
      classes: [{
        name: "thing",
        properties: { name: { type: "String", quiet: "yes" } },
      }],
    }),
    /Property "thing.name".quiet must be true or false, not the string "yes"/,
  );
  // A good one still resolves.
  const user = { name: "user", properties: { username: { type: "String" } } };
  assert.ok(
    resolveSchema({ classes: [ok, user] } as SchemaSpec).classes.has("thing"),
  );
});
