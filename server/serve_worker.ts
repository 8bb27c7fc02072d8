/**
 * One serving thread of `roundup server -t fork`: opens the trackers, listens on the shared
 * port, posts its log lines to the main thread and stops when told (requests in flight finish).
 */
/// <reference lib="deno.worker" />
import { openTracker, type Tracker } from "../tracker/home.ts";
import { clientAddress, withAccessLog } from "./access_log.ts";
import { closeLiveStreams } from "./live.ts";
import { tagThread, trackersHandler } from "./serve.ts";
import type { WorkerNote, WorkerStart } from "./serve_threads.ts";

const post = (n: WorkerNote) => self.postMessage(n);
let stop: () => Promise<void> = () => Promise.resolve();

async function start(s: WorkerStart): Promise<void> {
  const trackers: Array<[string, Tracker]> = [];
  try {
    for (const [name, home] of s.homes) {
      trackers.push([name, await openTracker(home)]);
    }
    const log = (line: string) => post({ type: "log", line });
    const opts = { tls: s.tls, includeHeaders: s.includeHeaders, log };
    const handler = withAccessLog(
      tagThread(trackersHandler(trackers, opts), s.thread),
      log,
      clientAddress(s.logProxyHeader === true),
    );
    const server = Deno.serve({
      hostname: s.host,
      port: s.port,
      reusePort: true,
      ...(s.tls ?? {}),
      onListen: () => {},
    }, handler);
    stop = async () => {
      closeLiveStreams();
      await server.shutdown();
      for (const [, t] of trackers) t.close();
      post({ type: "stopped" });
    };
    post({ type: "ready" });
  } catch (e) {
    for (const [, t] of trackers) t.close();
    post({ type: "error", message: (e as Error).message });
  }
}

self.onmessage = (ev: MessageEvent<WorkerStart | { type: "stop" }>) => {
  if (ev.data.type === "start") void start(ev.data);
  else void stop();
};
