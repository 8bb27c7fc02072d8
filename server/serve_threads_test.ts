import assert from "node:assert/strict";
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";
import { labelCacheOf } from "./label_cache.ts";
import { shareLabelDrops, startServeWorkers } from "./serve_threads.ts";

Deno.test("shareLabelDrops() drops a label in the other handles of the tracker when one changes it", async () => {
  const dir = await Deno.makeTempDir();
  const home = join(dir, "t");
  await installTracker(home, {
    settings: {
      tracker_web: "http://127.0.0.1:8917/t/",
      mail_domain: "localhost",
      mail_host: "localhost",
    },
  });
  const first = await openTracker(home);
  await initialiseTracker(first, "admin");
  const other = await openTracker(home);
  const stops = [
    shareLabelDrops([["t", first]]),
    shareLabelDrops([["t", other]]),
  ];
  try {
    const unread = await first.db.cls("status").lookup("unread");
    labelCacheOf(other).set(`status${unread}`, "unread");
    labelCacheOf(other).set("status2", "deferred");
    await first.db.cls("status").set(unread, { name: "fresh" });
    for (let i = 0; i < 100; i++) {
      if (labelCacheOf(other).get(`status${unread}`) === undefined) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(labelCacheOf(other).get(`status${unread}`), undefined);
    assert.equal(labelCacheOf(other).get("status2"), "deferred");
  } finally {
    stops.forEach((stop) => stop());
    first.close();
    other.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startServeWorkers() answers null when the worker module is missing", async () => {
  const missing = new URL("./no_such_serve_worker.ts", import.meta.url);
  const w = await startServeWorkers(
    [{
      type: "start",
      thread: 1,
      host: "127.0.0.1",
      port: 0,
      homes: [],
    }],
    () => {},
    missing,
  );
  assert.equal(w, null);
});

Deno.test("startServeWorkers() rejects with the worker's reason when a tracker cannot open", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      startServeWorkers([{
        type: "start",
        thread: 1,
        host: "127.0.0.1",
        port: 0,
        homes: [["t", join(dir, "none")]],
      }], () => {}),
      /No tracker at/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
