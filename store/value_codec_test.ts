import assert from "node:assert/strict";
import { memoryDb } from "../tests/_helpers.ts";
import {
  type Db,
  openDb,
  RateLimiter,
  SessionStore,
  SignedTokens,
} from "./mod.ts";
import { codecKv, rawKv } from "./codec_kv.ts";
import { decodeValue, encodeValue } from "./value_codec.ts";
import { expires, holdsBytes } from "./keys.ts";

/** A tracker with items, links, small and chunked content, sessions, tokens and rate limits. */
async function populated(): Promise<Db> {
  const db = await memoryDb();
  await db.cls("user").create({ username: "admin" });
  await db.cls("user").create({ username: "bob", address: "bob@example.com" });
  await db.cls("status").create({ name: "new", order: 1 });
  await db.cls("keyword").create({ name: "ui" });
  const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
  const m1 = await db.cls("msg").create({
    content: "Login fails \u00e9\u4e2d",
  });
  const f1 = await db.cls("file").create({ name: "x.bin", content: big });
  const id = await db.cls("issue").create({
    title: "Login fails",
    status: "1",
    keyword: ["1"],
    nosy: ["1", "2"],
    messages: [m1],
    files: [f1],
    deadline: Date.UTC(2026, 1, 1),
    urgent: true,
    estimate: 2.5,
  }, { actor: "1" });
  await db.cls("issue").set(id, { title: "Login still fails" }, { actor: "2" });
  await db.cls("keyword").retire("1");
  await db.setMeta("schema_version", 3);
  const sessions = new SessionStore(db.kv);
  const sid = await sessions.create("2", 60_000);
  await sessions.issueKey("confirm", 60_000, { sid, data: { a: "b" } });
  await sessions.failedLogin("bob");
  const tokens = new SignedTokens(db.kv);
  assert.ok(
    await tokens.consume(await tokens.issue("csrf", sid, 60_000), "csrf", sid),
  );
  await new RateLimiter(db.kv).hit("rest", "bob", { calls: 5, periodSec: 60 });
  return db;
}

async function rawEntries(kv: Deno.Kv): Promise<Deno.KvEntry<unknown>[]> {
  return await Array.fromAsync(rawKv(kv).list({ prefix: [] }));
}

Deno.test("encodeValue() and decodeValue() round-trip plain data and nested bytes", () => {
  const key = ["item", "msg", 1];
  const v = {
    s: "\u0000b \u00e9 \u{1F600}",
    n: -2.5,
    a: [null, true, "x"],
    inline: new Uint8Array([0, 255, 1]),
  };
  const bytes = encodeValue(key, v);
  assert.ok(bytes instanceof Uint8Array);
  assert.deepEqual(decodeValue(key, bytes), v);
  assert.deepEqual(
    decodeValue(["x"], encodeValue(["x"], "\u0000b")),
    "\u0000b",
  );
  const raw = new Uint8Array([1, 2]);
  assert.equal(encodeValue(["blob", "a", 0], raw), raw);
  assert.equal(decodeValue(["blob", "a", 0], raw), raw);
  assert.throws(
    () => encodeValue(["blob", "a", 0], "x"),
    /that key holds bytes/,
  );
  assert.throws(() => encodeValue(["x"], new Map()), /Cannot store a Map/);
  assert.throws(() => encodeValue(["x"], undefined), /Cannot store undefined/);
});

Deno.test("no store module writes a V8-serialised value: every KV value is bytes or a KvU64", async () => {
  const db = await populated();
  try {
    const entries = await rawEntries(db.kv);
    assert.ok(entries.length > 30, `only ${entries.length} entries`);
    const seen = new Set(entries.map((e) => String(e.key[0])));
    for (
      const k of [
        "item",
        "journal",
        "idx",
        "key",
        "seq",
        "blob",
        "word",
        "meta",
        "websession",
        "otk",
        "loginfail",
        "usedtoken",
        "ratelimit",
        "changes",
      ]
    ) assert.ok(seen.has(k), `no ${k} key written`);
    for (const e of entries) {
      assert.ok(
        e.value instanceof Uint8Array || e.value instanceof Deno.KvU64,
        `${JSON.stringify(e.key)} holds ${typeof e.value}`,
      );
    }
    assert.equal(await db.cls("issue").get("1", "title"), "Login still fails");
    assert.equal(
      new TextDecoder().decode(await db.cls("msg").getContent("1")),
      "Login fails \u00e9\u4e2d",
    );
  } finally {
    db.close();
  }
});

Deno.test("migrateFormat() rewrites a format-1 database's V8 values as bytes", async () => {
  const db = await populated();
  const raw = rawKv(db.kv);
  try {
    const before = new Map<string, unknown>();
    // Turn it into what format 1 wrote: every encoded value V8-serialised again.
    for (const e of await rawEntries(raw)) {
      const v = decodeValue(e.key, e.value);
      // A count that went back to 0 is not written again when migrate rebuilds the counts.
      const zero = v instanceof Deno.KvU64 && v.value === 0n &&
        e.key[0] === "count";
      if (!expires(e.key) && !zero) before.set(JSON.stringify(e.key), v);
      if (!holdsBytes(e.key) && !(v instanceof Deno.KvU64)) {
        await raw.set(e.key, v);
      }
    }
    await raw.set(["meta", "format"], 1);
    before.delete(JSON.stringify(["meta", "format"]));
    const old = openDb(raw, db.schema);
    assert.equal(await old.checkFormat(), 1);
    assert.equal(await old.cls("issue").get("1", "title"), "Login still fails");
    await assert.rejects(
      () => old.cls("status").create({ name: "refused" }),
      /store format 1, older than the format 3 this program writes; run "roundup admin migrate" first/,
    );
    assert.deepEqual(await old.migrateFormat(), {
      from: 1,
      to: 3,
      counted: true,
    });
    const after = await rawEntries(raw);
    const kv = codecKv(raw);
    for (const e of after) {
      assert.ok(e.value instanceof Uint8Array || e.value instanceof Deno.KvU64);
      assert.ok(!expires(e.key), `${JSON.stringify(e.key)} kept`);
      const k = JSON.stringify(e.key);
      if (k === JSON.stringify(["meta", "format"])) continue;
      // Migrate's last commit (the counts and format 3) bumps the change counter, as commits do.
      if (k === JSON.stringify(["changes"])) continue;
      assert.deepEqual((await kv.get(e.key)).value, before.get(k), k);
    }
    assert.equal(after.length - 1, before.size);
    await old.cls("status").create({ name: "accepted" });
    assert.deepEqual(await old.cls("status").list(), ["1", "2"]);
  } finally {
    db.close();
  }
});
