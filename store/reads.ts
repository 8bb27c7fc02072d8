/** Batched reads of item records, the one way the store reads many records at once. */
import { codecKv } from "./codec_kv.ts";
import { keys } from "./keys.ts";
import type { ItemRecord } from "./record.ts";

/** KV answers at most this many keys per getMany. */
const PER_GET = 10;

/** The entries under `keyList`, in order: getMany in groups of ten, the groups in parallel. */
export async function readEntries(
  kv: Deno.Kv,
  keyList: Deno.KvKey[],
): Promise<Deno.KvEntryMaybe<ItemRecord>[]> {
  const groups: Promise<Deno.KvEntryMaybe<ItemRecord>[]>[] = [];
  kv = codecKv(kv);
  for (let i = 0; i < keyList.length; i += PER_GET) {
    groups.push(kv.getMany<ItemRecord[]>(keyList.slice(i, i + PER_GET)));
  }
  return (await Promise.all(groups)).flat();
}

/** The records of `cls` items with these ids (null where an item does not exist), in order. */
export async function getRecords(
  kv: Deno.Kv,
  cls: string,
  ids: string[],
): Promise<(ItemRecord | null)[]> {
  const got = await readEntries(kv, ids.map((id) => keys.item(cls, id)));
  return got.map((e) => e.value);
}
