import assert from "node:assert/strict";
import { join } from "node:path";
import { openDb, resolveSchema } from "../store/mod.ts";
import { TEST_SCHEMA } from "./_helpers.ts";

Deno.test("two processes writing one tracker at once lose nothing", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "data.kv");
  const db = openDb(await Deno.openKv(path), resolveSchema(TEST_SCHEMA));
  await db.cls("issue").create({ title: "shared" });
  db.close();
  const N = 60;
  const child = (tag: string) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--unstable-kv",
        new URL("./_concurrent_writer.ts", import.meta.url).pathname,
        path,
        tag,
        String(N),
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
  const results = await Promise.all([child("a"), child("b")]);
  for (const r of results) {
    assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  }
  const db2 = openDb(await Deno.openKv(path), resolveSchema(TEST_SCHEMA));
  try {
    const issues = await db2.cls("issue").list();
    assert.equal(issues.length, 1 + 2 * N);
    assert.deepEqual(
      issues,
      Array.from({ length: 1 + 2 * N }, (_, i) => String(i + 1)),
    );
    const shared = (await db2.cls("issue").get("1", "keyword")) as string[];
    assert.equal(
      shared.length,
      2 * N,
      "every keyword added by either process is on the shared issue",
    );
    // Live counts (store/counts.ts) are sums: both processes added theirs, none was lost.
    const sort: Array<["-", string]> = [["-", "activity"]];
    const bare = await db2.cls("issue").filterPage({ sort, limit: 5 });
    assert.deepEqual([bare.total, bare.estimated], [1 + 2 * N, false]);
    const unset = await db2.cls("issue").filterPage({
      filterspec: { status: "-1" },
      sort,
      limit: 5,
    });
    assert.deepEqual([unset.total, unset.estimated], [1 + 2 * N, false]);
    const kws = await db2.cls("keyword").filterPage({
      sort: [["+", "id"]],
      limit: 5,
    });
    assert.deepEqual([kws.total, kws.estimated], [2 * N, false]);
    const history = await db2.cls("issue").history("1");
    assert.equal(history.filter((h) => h.action === "set").length, 2 * N);
    const keywords = await db2.cls("keyword").list();
    assert.equal(keywords.length, 2 * N);
    assert.equal(
      (await db2.cls("keyword").filter({ filterspec: { name: "a-" } })).length,
      N,
    );
  } finally {
    db2.close();
    await Deno.remove(dir, { recursive: true });
  }
});
