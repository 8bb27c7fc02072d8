/**
 * Serving from several threads: each worker (serve_worker.ts) opens the trackers itself and
 * listens on the same address with SO_REUSEPORT, so the kernel spreads connections over the
 * threads. Workers post their log lines here (one writer for the log) and stop when told.
 */
import type { TlsPair } from "./tls.ts";

/**
 * The worker module. A compiled program must carry it:
 * `deno compile --include server/serve_worker.ts`.
 */
export const SERVE_WORKER_URL: URL = new URL(
  "./serve_worker.ts",
  import.meta.url,
);

/** What a serving worker is told to do first. */
export interface WorkerStart {
  type: "start";
  thread: number;
  host: string;
  port: number;
  tls?: TlsPair;
  /** name → tracker home (absolute). */
  homes: Array<[string, string]>;
  includeHeaders?: string[];
  logProxyHeader?: boolean;
}

/** What a serving worker posts. */
export type WorkerNote =
  | { type: "ready" }
  | { type: "log"; line: string }
  | { type: "error"; message: string }
  | { type: "stopped" };

/** True when this runtime lets several listeners share a port (needs --unstable-net). */
export function canSharePort(): boolean {
  // Deno.serve({ reusePort }) exits the process without --unstable-net; listenDatagram is
  // present exactly when that flag is on, so ask it first.
  return Deno.build.os === "linux" && "listenDatagram" in Deno;
}

function newWorker(url: URL): Worker | null {
  try {
    // A bundle or a compiled program without the module: serve from one thread instead.
    if (url.protocol === "file:") Deno.statSync(url);
    return new Worker(url, { type: "module" });
  } catch {
    return null;
  }
}

/** Running serving workers. */
export interface ServeWorkers {
  count: number;
  /** Tells every worker to finish its requests in flight, close its trackers and end. */
  stop(): Promise<void>;
}

/**
 * Starts `starts.length` workers and resolves once all listen; rejects (after stopping the
 * ones that started) with the first worker's error. Resolves with null when no worker can
 * be made here.
 */
export async function startServeWorkers(
  starts: WorkerStart[],
  log: (line: string) => void,
  url: URL = SERVE_WORKER_URL,
): Promise<ServeWorkers | null> {
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  const stopped: Promise<void>[] = [];
  for (const start of starts) {
    const w = newWorker(url);
    if (!w) {
      for (const x of workers) x.terminate();
      return null;
    }
    workers.push(w);
    let onReady = (_e?: Error) => {};
    ready.push(
      new Promise<void>((res, rej) => {
        onReady = (e) => e ? rej(e) : res();
      }),
    );
    let onStopped = () => {};
    stopped.push(new Promise<void>((res) => onStopped = res));
    w.onmessage = (ev: MessageEvent<WorkerNote>) => {
      const n = ev.data;
      if (n.type === "log") log(n.line);
      else if (n.type === "ready") onReady();
      else if (n.type === "error") {
        onReady(new RangeError(n.message));
        onStopped();
      } else if (n.type === "stopped") onStopped();
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      log(`roundup server: thread ${start.thread} failed: ${ev.message}`);
      onReady(
        new RangeError(
          `Cannot start serving thread ${start.thread}: ${ev.message}`,
        ),
      );
      onStopped();
    };
    w.postMessage(start);
  }
  const stop = async () => {
    for (const w of workers) w.postMessage({ type: "stop" });
    await Promise.all(stopped);
    for (const w of workers) w.terminate();
  };
  try {
    await Promise.all(ready);
  } catch (e) {
    await stop();
    throw e;
  }
  return { count: workers.length, stop };
}
