import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import { inNameOrder } from "./journal.ts";

Deno.test("journalScan() gives every item's history() in id order, derived links included", async () => {
  const db = await memoryDb();
  try {
    for (const u of ["admin", "bob", "carol"]) {
      await db.cls("user").create({ username: u });
    }
    const a = await db.cls("issue").create({
      title: "a",
      nosy: ["2", "3"],
      assignedto: "2",
    });
    await db.cls("issue").create({ title: "b", nosy: ["3"] });
    await db.cls("issue").set(a, { nosy: ["3"], assignedto: "3" });
    await db.cls("issue").set(a, { nosy: ["2", "3"] });
    for (const cls of ["user", "issue"]) {
      const scanned = [];
      for await (const g of db.cls(cls).journalScan()) scanned.push(g);
      const ids = await db.cls(cls).list(null);
      assert.deepEqual(scanned.map((g) => g.id), ids, cls);
      for (const g of scanned) {
        const h = (await db.cls(cls).history(g.id)).map(({ id: _id, ...e }) =>
          e
        );
        assert.deepEqual(g.entries, h, `${cls}${g.id}`);
      }
    }
    const bob = await db.cls("user").history("2");
    assert.deepEqual(
      bob.map((e) => [e.action, (e.params as string[])[2] ?? ""]),
      [
        ["create", ""],
        ["link", "nosy"],
        ["link", "assignedto"],
        ["unlink", "nosy"],
        ["unlink", "assignedto"],
        ["link", "nosy"],
      ],
    );
  } finally {
    db.close();
  }
});

Deno.test("reindex keeps derived creation links", async () => {
  const db = await memoryDb();
  try {
    for (const u of ["admin", "bob"]) {
      await db.cls("user").create({ username: u });
    }
    const a = await db.cls("issue").create({ title: "a", nosy: ["2"] });
    const before = await db.cls("user").history("2");
    await db.reindex();
    assert.deepEqual(await db.cls("user").history("2"), before);
    await db.cls("issue").set(a, { nosy: [] });
    await db.cls("issue").set(a, { nosy: ["2"] });
    const twice = await db.cls("user").history("2");
    await db.reindex("issue");
    assert.deepEqual(await db.cls("user").history("2"), twice);
    assert.equal(twice.filter((e) => e.action === "link").length, 2);
  } finally {
    db.close();
  }
});

Deno.test("journal entries of separate commits at the same moment never overwrite each other", async () => {
  const kv = await Deno.openKv(":memory:");
  const { openDb, resolveSchema } = await import("./mod.ts");
  const { TEST_SCHEMA } = await import("../tests/_helpers.ts");
  const db = openDb(kv, resolveSchema(TEST_SCHEMA), { now: () => 1000 });
  try {
    const id = await db.cls("keyword").create({ name: "a" });
    for (const n of ["b", "c", "d"]) {
      await db.cls("keyword").set(id, { name: n });
    }
    assert.equal((await db.cls("keyword").history(id)).length, 4);
  } finally {
    db.close();
  }
});

Deno.test("journalScan() reads on past pages of a thousand entries within one item", async () => {
  const db = await memoryDb();
  try {
    for (const u of ["admin", "bob", "carol"]) {
      await db.cls("user").create({ username: u });
    }
    for (let i = 0; i < 1150; i += 50) {
      await db.transact(async (tx) => {
        for (let j = i; j < i + 50; j++) {
          await tx.create("issue", {
            title: `t${j}`,
            nosy: j % 3 === 0 ? ["2", "3"] : ["2"],
            assignedto: j % 7 === 0 ? "3" : null,
          });
        }
      });
    }
    await db.cls("issue").set("5", { nosy: ["3"] });
    await db.cls("user").set("2", { username: "robert" });
    const scanned = [];
    for await (const g of db.cls("user").journalScan()) scanned.push(g);
    assert.deepEqual(scanned.map((g) => g.id), ["1", "2", "3"]);
    for (const g of scanned) {
      const h = (await db.cls("user").history(g.id)).map(({ id: _id, ...e }) =>
        e
      );
      assert.deepEqual(g.entries, h, `user${g.id}`);
    }
    assert.equal(scanned[1]!.entries.length, 1153);
  } finally {
    db.close();
  }
});

Deno.test("a creation writes no journal key: its create entry is kept in the record", async () => {
  const db = await memoryDb();
  try {
    const u = await db.cls("user").create({ username: "dora" });
    const i = await db.cls("issue").create({ title: "x", nosy: [u] });
    let journalKeys = 0;
    for await (const _ of db.core.kv.list({ prefix: ["journal"] })) {
      journalKeys++;
    }
    assert.equal(journalKeys, 0);
    const [created] = await db.cls("issue").history(i);
    assert.equal(created!.action, "create");
    assert.equal(created!.user, "1");
    // The first change writes the first journal key; history keeps create first.
    await db.cls("issue").set(i, { title: "y" });
    const actions = (await db.cls("issue").history(i)).map((e) => e.action);
    assert.deepEqual(actions, ["create", "set"]);
    // The user's derived link entry still comes from the creation.
    const dora = await db.cls("user").history(u);
    assert.deepEqual(dora.map((e) => e.action), ["create", "link"]);
  } finally {
    db.close();
  }
});

Deno.test("history() lists the properties of a set entry in name order, as Roundup prints them", async () => {
  const db = await memoryDb();
  try {
    await db.cls("user").create({ username: "admin" });
    await db.cls("keyword").create({ name: "k" });
    const i = await db.cls("issue").create({ title: "a" });
    await db.cls("issue").set(i, {
      title: "b",
      urgent: true,
      nosy: ["1"],
      keyword: ["1"],
      estimate: 2,
    });
    const set = (await db.cls("issue").history(i)).find((e) =>
      e.action === "set"
    );
    assert.deepEqual(Object.keys(set!.params as object), [
      "estimate",
      "keyword",
      "nosy",
      "title",
      "urgent",
    ]);
  } finally {
    db.close();
  }
});

Deno.test("inNameOrder() sorts a set entry written in another order and leaves others alone", () => {
  const set = { action: "set", params: { title: "x", nosy: [], status: "1" } };
  assert.deepEqual(Object.keys(inNameOrder(set).params), [
    "nosy",
    "status",
    "title",
  ]);
  const link = { action: "link", params: ["issue", "1", "nosy"] };
  assert.equal(inNameOrder(link), link);
});
