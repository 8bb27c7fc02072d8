import assert from "node:assert/strict";
import { TestClient, testTracker } from "../server/_test_tracker.ts";

const checked = (html: string) =>
  [...html.matchAll(/name="check" id="id_\d+" value="([^"]+)" checked/g)]
    .map((m) => m[1]);

Deno.test("classHelpPage() keeps several selected values across pages and shows them joined", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("alice", "alice");
    const base =
      "/demo/user?@template=help&properties=username,realname&property=nosy&type=checkbox&@pagesize=2";
    const first = await (await c.get(`${base}&value=bob`)).text();
    assert.match(first, /<th>username<\/th><th>realname<\/th>/);
    assert.match(first, /1\.\.2 out of \d+/);
    assert.deepEqual(checked(first), []);
    const names = [...first.matchAll(/name="shown" value="([^"]+)"/g)].map((
      m,
    ) => m[1]!);
    assert.equal(names.length, 2);
    // Tick the first name on page one, keeping bob from elsewhere.
    const q = new URLSearchParams({ value: "bob", apply: "1" });
    for (const n of names) q.append("shown", n);
    q.append("check", names[0]!);
    const applied = await (await c.get(`${base}&${q}`)).text();
    const joined = /name="text_preview"[^>]*value="([^"]*)"/.exec(applied)![1];
    assert.equal(joined, `bob,${names[0]}`);
    assert.deepEqual(checked(applied), [names[0]]);
    // The next page carries the selection, and bob is ticked where he is listed.
    const next = /href="([^"]+)">next (?:&gt;|>){2}/.exec(applied)![1]!
      .replace(/&amp;/g, "&");
    const page2 = await (await c.get(next)).text();
    assert.match(page2, /3\.\.4 out of/);
    assert.match(page2, new RegExp(`name="value" value="bob,${names[0]}"`));
  } finally {
    await close();
  }
});

Deno.test("classHelpPage() searches the first column, offers radio buttons, and refuses unknown properties", async () => {
  const { app, close } = await testTracker();
  try {
    const c = new TestClient(app);
    await c.login("alice", "alice");
    const found = await (await c.get(
      "/demo/user?@template=help&properties=username&type=radio&@search=bob",
    )).text();
    assert.match(found, /type="radio" name="check" id="id_\d+" value="bob"/);
    assert.doesNotMatch(found, /value="carol"/);
    assert.match(found, /1\.\.1 out of 1/);
    const bad = await c.get("/demo/user?@template=help&properties=nosuch");
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /has no such property/);
  } finally {
    await close();
  }
});
