import assert from "node:assert/strict";
import { actorFor, anonymousActor } from "./actor.ts";
import { cachedActor } from "./cached_actor.ts";
import { testTracker } from "./_test_tracker.ts";

const PERMISSIONS = [
  "View",
  "Edit",
  "Create",
  "Retire",
  "Web Access",
  "Search",
];

Deno.test("cachedActor() answers exactly as the actor it wraps, own records and private queries included", async () => {
  const { t, close } = await testTracker();
  try {
    const alice = await t.db.cls("user").lookup("alice");
    const bob = await t.db.cls("user").lookup("bob");
    const own = await t.db.transact((tx) =>
      tx.create("query", {
        name: "mine",
        klass: "issue",
        url: "@sort=id",
        private_for: alice,
      }, { actor: alice })
    );
    const users = [
      await anonymousActor(t),
      await actorFor(t, alice),
      await actorFor(t, "1"),
    ];
    for (const inner of users) {
      const cached = cachedActor(inner, t.security);
      for (const cls of ["issue", "user", "query", "msg", "status"]) {
        const def = t.schema.classes.get(cls)!;
        const props = [undefined, ...def.props.keys()];
        const ids = cls === "query"
          ? [undefined, own]
          : [undefined, alice, bob, "1"];
        for (const permission of PERMISSIONS) {
          for (const property of props) {
            for (const itemId of ids) {
              const target = { property, itemId };
              const what =
                `${inner.name} ${permission} ${cls} ${property} ${itemId}`;
              // Asked twice: the second answer comes from the cache.
              for (let i = 0; i < 2; i++) {
                assert.equal(
                  await cached.may(permission, cls, target),
                  await inner.may(permission, cls, target),
                  what,
                );
              }
            }
          }
        }
        for (const prop of def.props.keys()) {
          for (const itemId of ids) {
            assert.equal(
              await cached.mayViewProperty(cls, prop, itemId),
              await inner.mayViewProperty(cls, prop, itemId),
              `${inner.name} view ${cls}.${prop} ${itemId}`,
            );
          }
        }
      }
    }
    // Refusals keep the actor module's wording.
    const anon = cachedActor(await anonymousActor(t), t.security);
    await assert.rejects(
      anon.require("Edit", "user", { itemId: alice }),
      /Permission denied: user "anonymous" may not edit user/,
    );
  } finally {
    await close();
  }
});
