/**
 * Import's use of workers: starting one (or learning that none can start: a bundle without the
 * worker's file, a host without workers), and carrying errors across as name and message.
 */
import { ExportFileError } from "./roundup_csv.ts";

/**
 * The one worker module of import (worker.ts); the first message a worker gets names its role.
 * A compiled program must carry it: `deno compile --include admin/transfer/worker.ts`.
 */
export const WORKER_URL: URL = new URL("./worker.ts", import.meta.url);

/** What a worker started from worker.ts does: read class files, read journals, check journals. */
export type WorkerRole = "items" | "journals" | "check";

/** An error as a worker posts it. */
export interface PostedError {
  name: string;
  message: string;
}

/** A module worker, or null when none can be made here. */
export function startWorker(url: URL): Worker | null {
  try {
    // A worker whose module is missing fails later and noisily (on stderr): look first.
    if (url.protocol === "file:") Deno.statSync(url);
    return new Worker(url, { type: "module" });
  } catch {
    return null;
  }
}

/** What a worker posts for an error it caught. */
export function postedError(e: unknown): PostedError {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message };
}

/** The error again, on this side (ExportFileError as itself). */
export function reviveError(e: PostedError): Error {
  if (e.name === "ExportFileError") {
    return ExportFileError.withMessage(e.message);
  }
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
