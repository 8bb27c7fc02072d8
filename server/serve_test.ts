import assert from "node:assert/strict";
import { testTracker } from "./_test_tracker.ts";
import { formatWarnings, trackersHandler } from "./serve.ts";

const INFO = {
  remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 5 },
  completed: Promise.resolve(),
} as unknown as Deno.ServeHandlerInfo<Deno.NetAddr>;

Deno.test("trackersHandler() lists several trackers at /, serves each under /NAME/ and redirects /NAME", async () => {
  const a = await testTracker();
  const b = await testTracker({ tracker_name: "Second" });
  try {
    const h = trackersHandler([["one", a.t], ["two", b.t]], { log: () => {} });
    const root = await h(new Request("http://localhost:8917/"), INFO);
    const html = await root.text();
    assert.match(html, /<a href="one\/">one<\/a>/);
    assert.match(html, /<a href="two\/">two<\/a>/);
    const bare = await h(new Request("http://localhost:8917/two"), INFO);
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get("location"), "http://localhost:8917/two/");
    const two = await h(new Request("http://localhost:8917/two/issue1"), INFO);
    assert.equal(two.status, 200);
    assert.match(await two.text(), /Second/);
    const none = await h(new Request("http://localhost:8917/three/"), INFO);
    assert.equal(none.status, 404);
    await none.body?.cancel();
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("formatWarnings() names a tracker an older program wrote and how to migrate it", async () => {
  const w = await testTracker();
  try {
    assert.deepEqual(await formatWarnings([["demo", w.t]]), []);
    await w.t.db.setMeta("format", 2);
    const [line, ...rest] = await formatWarnings([["demo", w.t]]);
    assert.equal(rest.length, 0);
    assert.match(line!, /tracker "demo" has store format 2/);
    assert.ok(line!.includes(`roundup admin -i ${w.t.home} migrate`));
  } finally {
    await w.close();
  }
});
