/**
 * Batches read in a worker, a batch ahead of the caller: the caller posts a task, then asks for
 * each batch in turn; the worker answers each request with the next batch of its generator (null
 * at the end) or the error that stopped it. Where the worker cannot run, the same generator runs
 * here instead, so a bundle without the worker's module and hosts without workers still work.
 */
import {
  type PostedError,
  postedError,
  reviveError,
  startWorker,
  type WorkerRole,
} from "./worker_call.ts";

/** Batches asked for ahead of the one the caller handles. */
const AHEAD = 3;

/** What the worker is told: first its role and the task, then "next" for each batch. */
export type BatchRequest<Task> =
  | { role: WorkerRole; task: Task }
  | { next: true };

/** A batch (null: no more), or the error that stopped the reading. */
export type BatchAnswer<T> = { batch: T[] | null } | { error: PostedError };

/**
 * The batches `readHere(task)` gives, read by the worker at `url` in role `role` when it starts
 * (and `use` is true), else here. `what` names the source in the error for a worker that stopped halfway.
 */
export async function* batchesAside<Task, T>(
  url: URL,
  task: Task,
  readHere: (task: Task) => AsyncIterable<T[]>,
  o: { use?: boolean; what: string; role: WorkerRole },
): AsyncGenerator<T[]> {
  const worker = o.use === false ? null : startWorker(url);
  if (!worker) {
    yield* readHere(task);
    return;
  }
  const answers: Array<(a: BatchAnswer<T> | null) => void> = [];
  worker.onmessage = (ev: MessageEvent<BatchAnswer<T>>) =>
    answers.shift()?.(ev.data);
  worker.onerror = (ev) => {
    ev.preventDefault();
    for (const a of answers.splice(0)) a(null);
  };
  const ask = () =>
    new Promise<BatchAnswer<T> | null>((resolve) => {
      answers.push(resolve);
      worker.postMessage({ next: true } satisfies BatchRequest<Task>);
    });
  try {
    worker.postMessage(
      { role: o.role, task } satisfies BatchRequest<Task>,
    );
    // The worker reads the next batches while the caller handles this one.
    const pending = Array.from({ length: AHEAD }, ask);
    let received = false;
    for (;;) {
      const a = await pending.shift()!;
      if (!a) {
        // The worker could not run; read here unless it had begun.
        if (received) {
          throw new Error(`Cannot read ${o.what}: the reader stopped`);
        }
        yield* readHere(task);
        return;
      }
      if ("error" in a) throw reviveError(a.error);
      if (a.batch === null) return;
      received = true;
      pending.push(ask());
      yield a.batch;
    }
  } finally {
    worker.terminate();
  }
}

/**
 * The worker's side: opens the generator for the task and answers each "next" with its
 * following batch; `transfer` names buffers to move rather than copy.
 * @example self.onmessage = (ev) => serve(ev.data) where serve = serveBatches(post, open)
 */
export function serveBatches<Task, T>(
  post: (a: BatchAnswer<T>, transfer: Transferable[]) => void,
  open: (task: Task) => AsyncGenerator<T[]>,
  transfer: (batch: T[]) => Transferable[] = () => [],
): (req: BatchRequest<Task>) => void {
  let batches: AsyncGenerator<T[]> | null = null;
  let queue = Promise.resolve();
  return (req) => {
    if ("task" in req) {
      batches = open(req.task);
      return;
    }
    queue = queue.then(async () => {
      try {
        const r = await batches!.next();
        const batch = r.done ? null : r.value;
        post({ batch }, batch ? transfer(batch) : []);
      } catch (e) {
        post({ error: postedError(e) }, []);
      }
    });
  };
}
