/** Worker entry of item_rows.ts: reads a class file a batch at a time, on request. */
/// <reference lib="deno.worker" />
import { type RowsTask, serveRows } from "./item_rows.ts";
import type { BatchRequest } from "./worker_batches.ts";

const serve = serveRows((a, transfer) => self.postMessage(a, transfer));
self.onmessage = (ev: MessageEvent<BatchRequest<RowsTask>>) => serve(ev.data);
