/**
 * The bench's other writer (bench/web.ts): a worker with its own handle on the tracker that
 * changes an issue's title `rate` times a second until told to stop, then posts the count.
 */
/// <reference lib="deno.worker" />
import { openTracker } from "../tracker/home.ts";

self.onmessage = async (
  e: MessageEvent<{ home: string; itemId: string; rate: number }>,
) => {
  const { home, itemId, rate } = e.data;
  const t = await openTracker(home);
  let stopped = false;
  self.onmessage = () => (stopped = true);
  let n = 0;
  const start = performance.now();
  while (!stopped) {
    await t.db.cls("issue").set(itemId, { title: `bench change ${n++}` });
    const due = start + (n * 1000) / rate;
    await new Promise((r) =>
      setTimeout(r, Math.max(0, due - performance.now()))
    );
  }
  t.close();
  self.postMessage(n);
};
