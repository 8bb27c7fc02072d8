/** Worker entry of journal_check.ts: checks the journals it is given and posts the result. */
/// <reference lib="deno.worker" />
import { answerTask, type WorkerTask } from "./journal_check.ts";

self.onmessage = async (ev: MessageEvent<WorkerTask>) => {
  self.postMessage(await answerTask(ev.data));
};
