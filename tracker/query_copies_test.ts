import assert from "node:assert/strict";
import { changeCount, Reject, TooLargeError } from "../store/mod.ts";
import { MAX_COPIES } from "./query_copies.ts";
import { schema as classicSchema } from "../templates/classic/schema.ts";
import { parseConfigIni } from "./config.ts";
import { type Tracker, trackerOn } from "./home.ts";

/**
 * A classic tracker in memory: admin 1, anonymous 2, alice 3, bob 4, carol 5. Alice's public
 * query 1 "Shared" is in the lists of alice, bob and carol; carol has her own "Shared" (query 2).
 */
async function withQueries(fn: (t: Tracker) => Promise<void>): Promise<void> {
  const t = trackerOn(await Deno.openKv(":memory:"), {
    home: "/nonexistent",
    config: parseConfigIni(""),
    spec: classicSchema,
    sendMail: false,
  });
  try {
    await t.db.transact(async (tx) => {
      for (const u of ["admin", "anonymous", "alice", "bob", "carol"]) {
        await tx.create("user", { username: u, roles: "User" });
      }
    });
    const q = { klass: "issue", url: "status=1&@columns=title" };
    await t.db.cls("query").create({ ...q, name: "Shared" }, { actor: "3" });
    await t.db.cls("query").create({ ...q, name: "Shared", private_for: "5" }, {
      actor: "5",
    });
    await t.db.cls("user").set("3", { queries: ["1"] });
    await t.db.cls("user").set("4", { queries: ["1"] });
    await t.db.cls("user").set("5", { queries: ["2", "1"] });
    await fn(t);
  } finally {
    t.close();
  }
}

async function listOf(t: Tracker, userId: string): Promise<string[]> {
  return (await t.db.cls("user").get(userId, "queries") ?? []) as string[];
}

Deno.test("keepQueriesForTheirUsers() gives every other user a personal copy, in the commit that makes a query private", async () => {
  await withQueries(async (t) => {
    const before = await changeCount(t.db.kv);
    await t.db.cls("query").set("1", { private_for: "3" }, { actor: "1" });
    // One commit: the change and every copy.
    assert.equal(await changeCount(t.db.kv) - before, 1n);
    assert.deepEqual(await listOf(t, "3"), ["1"]);
    const [bobs] = await listOf(t, "4");
    assert.notEqual(bobs, "1");
    const copy = await t.db.cls("query").getItem(bobs!);
    assert.equal(copy.name, "Shared");
    assert.equal(copy.url, "status=1&@columns=title");
    assert.equal(copy.klass, "issue");
    assert.equal(copy.private_for, "4");
    assert.equal(copy.creator, "4");
    // Carol already has a query of that name: hers stays first, the copy is told apart.
    const carols = await listOf(t, "5");
    assert.equal(carols[0], "2");
    assert.equal(
      await t.db.cls("query").get(carols[1]!, "name"),
      "Shared (copy)",
    );
    assert.equal(await t.db.cls("query").get(carols[1]!, "private_for"), "5");
  });
});

Deno.test("keepQueriesForTheirUsers() on retirement copies for the others but not for the one retiring", async () => {
  await withQueries(async (t) => {
    await t.db.cls("query").retire("1", { actor: "3" });
    assert.deepEqual(await listOf(t, "3"), ["1"]);
    const [bobs] = await listOf(t, "4");
    assert.notEqual(bobs, "1");
    assert.equal(await t.db.cls("query").isRetired(bobs!), false);
    assert.equal(await t.db.cls("query").get(bobs!, "private_for"), "4");
    assert.equal((await listOf(t, "5")).includes("1"), false);
  });
});

Deno.test("keepQueriesForTheirUsers() copies nothing when the change does not land", async () => {
  await withQueries(async (t) => {
    const queries = await t.db.cls("query").list();
    await assert.rejects(
      t.db.transact(async (tx) => {
        await tx.set("query", "1", { private_for: "3" });
        throw new Reject("Cannot save: refused by a test");
      }),
      /refused by a test/,
    );
    assert.deepEqual(await t.db.cls("query").list(), queries);
    assert.deepEqual(await listOf(t, "4"), ["1"]);
  });
});

Deno.test("keepQueriesForTheirUsers() leaves lists alone for other changes, and copies a private query only for the user it was private for", async () => {
  await withQueries(async (t) => {
    await t.db.cls("query").set("1", { name: "Renamed", private_for: null });
    assert.deepEqual(await listOf(t, "4"), ["1"]);
    await t.db.cls("query").set("1", { private_for: "4" }, { actor: "1" });
    // Alice and carol lost it to bob; bob, for whom it is now private, keeps the original.
    assert.deepEqual(await listOf(t, "4"), ["1"]);
    const [alices] = await listOf(t, "3");
    assert.equal(await t.db.cls("query").get(alices!, "name"), "Renamed");
    const count = (await t.db.cls("query").list()).length;
    await t.db.cls("query").set("1", { private_for: "3" }, { actor: "1" });
    // Only bob could see it: carol's and alice's lists no longer hold it, so one copy.
    assert.equal((await t.db.cls("query").list()).length, count + 1);
    const [bobs] = await listOf(t, "4");
    assert.equal(await t.db.cls("query").get(bobs!, "private_for"), "4");
  });
});

Deno.test("keepQueriesForTheirUsers() refuses, changing nothing, when more users hold the query than one commit can copy for", async () => {
  await withQueries(async (t) => {
    await t.db.transact(async (tx) => {
      for (let i = 0; i < MAX_COPIES - 1; i++) {
        await tx.create("user", { username: `u${i}`, queries: ["1"] });
      }
    });
    const queries = await t.db.cls("query").list();
    await assert.rejects(
      t.db.cls("query").set("1", { private_for: "3" }, { actor: "1" }),
      (e: Error) =>
        e instanceof TooLargeError &&
        /Cannot make query1 private: 76 other users have it/.test(e.message),
    );
    assert.deepEqual(await t.db.cls("query").list(), queries);
    assert.equal(await t.db.cls("query").get("1", "private_for"), null);
    await t.db.cls("user").set("5", { queries: ["2"] });
    // Bob and 74 others: that fits.
    await t.db.cls("query").set("1", { private_for: "3" }, { actor: "1" });
    assert.notEqual((await listOf(t, "4"))[0], "1");
  });
});
