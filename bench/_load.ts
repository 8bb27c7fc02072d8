/**
 * Loopback HTTP load: npm:autocannon driving one URL with N keep-alive connections, run in a
 * process of its own so the generator and the server are measured apart. Reusable by any bench:
 * `await runLoad({ url, connections: 8, seconds: 10, headers })` spawns this file, which prints
 * the figures (and its own CPU time, to show it is not the bottleneck) as one JSON line.
 */
import process from "node:process";

/** What to load. */
export interface LoadSpec {
  /** A loopback URL (127.0.0.1 or localhost only). */
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

/** What came back. */
export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 2xx, plus connection errors and timeouts. */
  failed: number;
  /** CPU time the load generator used, in ms (user + system). */
  generatorCpuMs: number;
}

function checkLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "[::1]"].includes(host)) {
    throw new RangeError(
      `Cannot load "${url}": the load generator only targets loopback addresses`,
    );
  }
}

/** Runs the load in this process (what the child process does). */
export async function loadHere(spec: LoadSpec): Promise<LoadResult> {
  checkLoopback(spec.url);
  const { default: autocannon } = await import("autocannon");
  const cpu0 = process.cpuUsage();
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    headers: spec.headers ?? {},
    timeout: 10,
  });
  const cpu = process.cpuUsage(cpu0);
  const requests = r.requests.total;
  return {
    requests,
    perSecond: requests / spec.seconds,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    failed: r.non2xx + r.errors + r.timeouts,
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** Runs the load in a separate process and returns its figures. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  checkLoopback(spec.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL(import.meta.url).pathname,
      JSON.stringify(spec),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    throw new Error(
      `Cannot run the load generator: it exited with ${out.code}`,
    );
  }
  return JSON.parse(text.split("\n").pop()!);
}

if (import.meta.main) {
  const result = await loadHere(JSON.parse(Deno.args[0]!));
  Deno.stdout.writeSync(
    new TextEncoder().encode(JSON.stringify(result) + "\n"),
  );
}
