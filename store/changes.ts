/**
 * The change counter: every store commit adds one to it (store/atomic_plan.ts), in the same atomic
 * commit, so a reader that polls it notices writes of any process on the same KV database, which
 * `kv.watch()` does not (it sees only its own process's writes on a local file).
 */
import { changeKeys } from "./keys.ts";

/** The number of store commits so far (0n before the first); it only changes on a commit. */
export async function changeCount(kv: Deno.Kv): Promise<bigint> {
  const e = await kv.get<Deno.KvU64>(changeKeys.counter());
  return e.value ? e.value.value : 0n;
}
