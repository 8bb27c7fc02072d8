/** The store throws its named errors for bad input, so the edges can map them to outcomes. */
import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import { AtomicPlan, MAX_MUTATIONS } from "./atomic_plan.ts";
import {
  ConflictError,
  InvalidValueError,
  isStoreError,
  KeyInUseError,
  NotFoundError,
  StoreError,
  TooLargeError,
} from "./errors.ts";
import { parseValue } from "./props/mod.ts";

Deno.test("AtomicPlan.commit() refuses more writes than KV allows with TooLargeError", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const plan = new AtomicPlan(kv);
    for (let i = 0; i <= MAX_MUTATIONS; i++) plan.set(["x", i], i);
    await assert.rejects(
      plan.commit(),
      (e) =>
        e instanceof TooLargeError && e.kind === "too-large" &&
        /needs 1001 writes/.test(e.message),
    );
    assert.equal((await kv.get(["x", 0])).value, null);
  } finally {
    kv.close();
  }
});

Deno.test("create() refuses a value over KV's 64 KiB with TooLargeError and writes nothing", async () => {
  const db = await memoryDb();
  try {
    await assert.rejects(
      db.cls("issue").create({ title: "x".repeat(70_000) }),
      (e) =>
        e instanceof TooLargeError &&
        /Cannot commit: .*too large/.test(e.message),
    );
    assert.deepEqual(await db.cls("issue").list(), []);
  } finally {
    db.close();
  }
});

Deno.test("a key value too long for a KV key is refused with TooLargeError, in writes and look-ups", async () => {
  const db = await memoryDb();
  try {
    const long = "k".repeat(3000);
    await assert.rejects(
      db.cls("keyword").create({ name: long }),
      (e) =>
        e instanceof TooLargeError &&
        e.message ===
          "Cannot use a keyword key value of 3000 bytes: it is kept in an index, which holds at most 1800 bytes",
    );
    await assert.rejects(db.cls("keyword").lookup(long), TooLargeError);
    assert.deepEqual(await db.cls("keyword").list(), []);
  } finally {
    db.close();
  }
});

Deno.test("the store names what was wrong: key in use, bad value, unknown class", async () => {
  const db = await memoryDb();
  try {
    await db.cls("status").create({ name: "open" });
    await assert.rejects(
      db.cls("status").create({ name: "open" }),
      (e) =>
        e instanceof KeyInUseError && e instanceof ConflictError &&
        e.kind === "conflict" &&
        e.message === 'Key "open" is already used by status1',
    );
    await assert.rejects(
      db.cls("status").create({ name: 5 }),
      (e) => e instanceof InvalidValueError && e.kind === "invalid",
    );
    assert.throws(
      () => db.cls("nosuch"),
      (e) => e instanceof NotFoundError && e.kind === "not-found",
    );
    await assert.rejects(
      db.cls("status").get("99", "name"),
      (e) =>
        e instanceof NotFoundError && e.message === "status99 does not exist",
    );
  } finally {
    db.close();
  }
});

Deno.test("parseValue() throws InvalidValueError for every kind of bad text", async () => {
  const db = await memoryDb();
  try {
    const cls = db.cls("issue").def;
    const ctx = (name: string) => ({
      cls,
      prop: cls.props.get(name)!,
      schema: db.schema,
      now: Date.UTC(2026, 0, 1),
      lookup: () => Promise.resolve(null),
    });
    for (
      const [prop, raw] of [
        ["estimate", "lots"],
        ["deadline", "someday"],
        ["urgent", "perhaps"],
        ["status", "nosuch"],
      ]
    ) {
      await assert.rejects(
        Promise.resolve().then(() => parseValue(raw!, ctx(prop!))),
        (e) => isStoreError(e) && e instanceof StoreError,
        `${prop}=${raw}`,
      );
    }
  } finally {
    db.close();
  }
});
