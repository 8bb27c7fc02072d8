import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import { ConflictError, NotFoundError, Reject } from "./mod.ts";

Deno.test("create() sets automatic properties and journals the creation", async () => {
  const db = await memoryDb(Date.UTC(2026, 0, 1));
  try {
    await db.cls("user").create({ username: "admin" });
    const id = await db.cls("user").create({ username: "bob" }, { actor: "1" });
    const item = await db.cls("user").getItem(id);
    assert.equal(item.creator, "1");
    assert.equal(item.actor, "1");
    assert.equal(typeof item.creation, "number");
    assert.equal(item.creation, item.activity);
    const h = await db.cls("user").history(id);
    assert.deepEqual(h.map((e) => [e.action, e.user]), [["create", "1"]]);
  } finally {
    db.close();
  }
});

Deno.test("set() journals old values and link entries on the linked items", async () => {
  const db = await memoryDb();
  try {
    await db.cls("user").create({ username: "admin" });
    await db.cls("user").create({ username: "bob" });
    await db.cls("status").create({ name: "new" });
    await db.cls("status").create({ name: "open" });
    const id = await db.cls("issue").create({
      title: "t",
      status: "1",
      nosy: ["1"],
    });
    assert.deepEqual(
      await db.cls("issue").set(id, { status: "2", nosy: ["2"], title: "t" }),
      ["status", "nosy"],
    );
    const h = await db.cls("issue").history(id);
    assert.deepEqual(h.at(-1)!.params, {
      status: "1",
      nosy: [["+", ["2"]], ["-", ["1"]]],
    });
    const bob = await db.cls("user").history("2");
    assert.deepEqual(bob.map((e) => [e.action, e.params]), [["create", {}], [
      "link",
      ["issue", id, "nosy"],
    ]]);
    const admin = await db.cls("user").history("1");
    assert.deepEqual(admin.slice(1).map((e) => e.action), ["link", "unlink"]);
    assert.deepEqual(
      await db.cls("issue").set(id, { title: "t" }),
      [],
      "unchanged values write nothing",
    );
    assert.equal((await db.cls("issue").history(id)).length, 2);
  } finally {
    db.close();
  }
});

Deno.test("writes refuse bad input with a message naming the culprit", async () => {
  const db = await memoryDb();
  try {
    await db.cls("status").create({ name: "new" });
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [
        () => db.cls("issue").create({ title: "x", status: "9" }),
        /status9 does not exist/,
      ],
      [
        () => db.cls("issue").create({ title: "x", colour: "red" }),
        /no property "colour"/,
      ],
      [
        () => db.cls("issue").create({ title: 5 }),
        /issue\.title: expected a string/,
      ],
      [
        () => db.cls("issue").create({ title: "x", creation: 5 }),
        /set automatically/,
      ],
      [
        () => db.cls("status").create({ name: "new" }),
        /"new" is already used by status1/,
      ],
      [() => db.cls("status").create({}), /must not be empty/],
      [
        () => db.cls("issue").set("42", { title: "x" }),
        /issue42 does not exist/,
      ],
      [
        async () => await db.cls("nothing").create({}),
        /No class named "nothing"/,
      ],
    ];
    for (const [fn, re] of cases) await assert.rejects(fn, re);
    assert.deepEqual(await db.cls("issue").list(), []);
  } finally {
    db.close();
  }
});

Deno.test("transact() writes all changes or none", async () => {
  const db = await memoryDb();
  try {
    await assert.rejects(() =>
      db.transact(async (tx) => {
        await tx.create("status", { name: "a" });
        await tx.create("status", { name: "b" });
        await tx.create("issue", { title: "x", status: "7" });
      })
    );
    assert.deepEqual(await db.cls("status").list(), []);
    await db.transact(async (tx) => {
      const a = await tx.create("status", { name: "a" });
      await tx.create("issue", { title: "x", status: a });
    });
    assert.deepEqual(await db.cls("issue").find({ status: "1" }), ["1"]);
  } finally {
    db.close();
  }
});

Deno.test("retire() frees the key and restore() takes it back", async () => {
  const db = await memoryDb();
  try {
    const s = db.cls("status");
    await s.create({ name: "old" });
    await s.retire("1");
    assert.equal(await s.isRetired("1"), true);
    await assert.rejects(() => s.lookup("old"), NotFoundError);
    await assert.rejects(() => s.retire("1"), /status1 is retired/);
    await s.restore("1");
    assert.equal(await s.lookup("old"), "1");
    await s.retire("1");
    await s.create({ name: "old" });
    await assert.rejects(() => s.restore("1"), /already used by status2/);
    assert.deepEqual((await s.history("1")).map((e) => e.action), [
      "create",
      "retired",
      "restored",
      "retired",
    ]);
  } finally {
    db.close();
  }
});

Deno.test("ifRev detects an edit made on a stale revision", async () => {
  const db = await memoryDb();
  try {
    const id = await db.cls("issue").create({ title: "a" });
    await db.cls("issue").set(id, { title: "b" }, { ifRev: 1 });
    await assert.rejects(
      () => db.cls("issue").set(id, { title: "c" }, { ifRev: 1 }),
      ConflictError,
    );
  } finally {
    db.close();
  }
});

Deno.test("FileClass content of any size round-trips through chunks", async () => {
  const db = await memoryDb();
  try {
    for (const size of [0, 10, 60_000, 60_001, 1_000_000]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 7) % 251);
      const id = await db.cls("file").create({
        name: `f${size}`,
        type: "application/octet-stream",
        content: bytes,
      });
      assert.deepEqual(
        await db.cls("file").getContent(id),
        bytes,
        `size ${size}`,
      );
    }
  } finally {
    db.close();
  }
});

Deno.test("a change over KV's atomic limits is refused with a clear message", async () => {
  const db = await memoryDb();
  try {
    await assert.rejects(
      () =>
        db.transact(async (tx) => {
          for (let i = 0; i < 400; i++) {
            await tx.create("keyword", { name: `k${i}` });
          }
        }),
      /one atomic commit allows 1000 .*smaller batches/,
    );
    assert.deepEqual(await db.cls("keyword").list(), []);
  } finally {
    db.close();
  }
});

Deno.test("auditors can change or reject a change, reactors see the committed change", async () => {
  const db = await memoryDb();
  try {
    const seen: string[] = [];
    db.audit("issue", "create", (ctx) => {
      if (ctx.changes.title === "bad") {
        throw new Reject('Cannot create issue: title "bad" is not allowed');
      }
      ctx.changes.title = String(ctx.changes.title).trim();
    });
    db.react("issue", "set", (ev) => {
      seen.push(`${ev.id}:${Object.keys(ev.changes).join(",")}`);
    });
    const id = await db.cls("issue").create({ title: "  padded " });
    assert.equal(await db.cls("issue").get(id, "title"), "padded");
    await assert.rejects(
      () => db.cls("issue").create({ title: "bad" }),
      Reject,
    );
    await db.cls("issue").set(id, { title: "new" });
    assert.deepEqual(seen, ["1:title"]);
  } finally {
    db.close();
  }
});

Deno.test("history() shows the links an item got when others were created with it", async () => {
  const db = await memoryDb();
  try {
    await db.cls("user").create({ username: "admin" });
    await db.cls("user").create({ username: "bob" });
    const a = await db.cls("issue").create({ title: "a", nosy: ["2"] });
    const b = await db.cls("issue").create({ title: "b", nosy: ["1", "2"] });
    await db.cls("issue").set(a, { nosy: [] });
    await db.cls("issue").set(a, { nosy: ["2"] });
    await db.cls("issue").retire(b);
    const h = await db.cls("user").history("2");
    assert.deepEqual(h.map((e) => [e.action, e.params]), [
      ["create", {}],
      ["link", ["issue", a, "nosy"]],
      ["link", ["issue", b, "nosy"]],
      ["unlink", ["issue", a, "nosy"]],
      ["link", ["issue", a, "nosy"]],
    ]);
    assert.equal(h.every((e) => !("links" in e)), true);
  } finally {
    db.close();
  }
});

Deno.test("pack() drops old journal entries but keeps creations; reindex() rebuilds search", async () => {
  const db = await memoryDb(Date.UTC(2026, 0, 1));
  try {
    const id = await db.cls("issue").create({ title: "first words" });
    await db.cls("issue").set(id, { title: "second words" });
    const cut = (await db.cls("issue").history(id)).at(-1)!.date + 1;
    await db.cls("issue").set(id, { title: "third words" });
    assert.equal(await db.pack(cut), 1);
    assert.deepEqual((await db.cls("issue").history(id)).map((e) => e.action), [
      "create",
      "set",
    ]);
    assert.equal(await db.reindex(), 1);
    assert.deepEqual(await db.search("third", "issue"), [id]);
    assert.deepEqual(await db.search("second", "issue"), []);
    assert.equal(await db.reindex("issue", [id]), 1);
    assert.deepEqual(await db.search("third words", "issue"), [id]);
  } finally {
    db.close();
  }
});

Deno.test("Session.rollbackTo() forgets only the changes after the mark", async () => {
  const db = await memoryDb();
  try {
    const s = db.session();
    await s.cls("keyword").create({ name: "a" });
    const mark = s.savepoint();
    await s.cls("keyword").create({ name: "b" });
    await s.cls("keyword").set("1", { name: "a2" });
    await s.rollbackTo(mark);
    assert.deepEqual(await s.cls("keyword").list(), ["1"]);
    assert.equal(await s.cls("keyword").get("1", "name"), "a");
    await s.commit();
    assert.deepEqual(await db.cls("keyword").list(), ["1"]);
    assert.equal(await db.cls("keyword").lookup("a"), "1");
  } finally {
    db.close();
  }
});

Deno.test("reactors read through a cache that their own writes refresh", async () => {
  const db = await memoryDb();
  try {
    await db.cls("status").create({ name: "new" });
    const seen: unknown[] = [];
    db.react("issue", "create", async (ev) => {
      seen.push(await ev.db.cls("status").get("1", "name"));
      await ev.db.cls("status").set("1", { name: `seen${ev.id}` });
      seen.push(await ev.db.cls("status").get("1", "name"));
    });
    await db.transact(async (tx) => {
      await tx.create("issue", { title: "a" });
      await tx.create("issue", { title: "b" });
    });
    assert.deepEqual(seen, ["new", "seen1", "seen1", "seen2"]);
  } finally {
    db.close();
  }
});
