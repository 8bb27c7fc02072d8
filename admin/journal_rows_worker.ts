/** Worker entry of journal_rows.ts: reads the journals to write a batch at a time, on request. */
/// <reference lib="deno.worker" />
import { type JournalRowsTask, serveJournalRows } from "./journal_rows.ts";
import type { BatchRequest } from "./worker_batches.ts";

const serve = serveJournalRows((a) => self.postMessage(a));
self.onmessage = (ev: MessageEvent<BatchRequest<JournalRowsTask>>) =>
  serve(ev.data);
