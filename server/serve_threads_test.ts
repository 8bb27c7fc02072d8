import assert from "node:assert/strict";
import { join } from "node:path";
import { startServeWorkers } from "./serve_threads.ts";

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
