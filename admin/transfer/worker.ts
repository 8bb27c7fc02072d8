/**
 * The one worker module of import, so that a compiled program carries a single worker file
 * (`deno compile --include admin/transfer/worker.ts`). The first message names the role: read a
 * class file a batch at a time ("items", item_rows.ts), read the journals to write a batch at a
 * time ("journals", journal_rows.ts) or check the journals ("check", journal_check.ts).
 */
/// <reference lib="deno.worker" />
import { type RowsTask, serveRows } from "./item_rows.ts";
import { type JournalRowsTask, serveJournalRows } from "./journal_rows.ts";
import { type CheckRequest, serveJournalCheck } from "./journal_check.ts";
import type { BatchRequest } from "./worker_batches.ts";
import type { WorkerRole } from "./worker_call.ts";

type Request =
  | BatchRequest<RowsTask>
  | BatchRequest<JournalRowsTask>
  | CheckRequest;

const post = (a: unknown, transfer: Transferable[] = []) =>
  self.postMessage(a, transfer);

/** What answers the requests of each role. */
const ROLES: Record<WorkerRole, () => (req: never) => void> = {
  items: () => serveRows(post),
  journals: () => serveJournalRows(post),
  check: () => serveJournalCheck(post),
};

let serve: ((req: Request) => void) | null = null;

self.onmessage = (ev: MessageEvent<Request>) => {
  const req = ev.data;
  if ("role" in req) serve = ROLES[req.role]() as (req: Request) => void;
  if (!serve) {
    throw new Error("Cannot serve a request: no role was given first");
  }
  serve(req);
};
