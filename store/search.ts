/** Full-text search over the ["word", …] index, mapped to items of the searched class. */
import type { ClassDef } from "./schema.ts";
import type { Core } from "./core.ts";
import { keys } from "./keys.ts";
import { findDocuments } from "./word_index.ts";
import { queryWords } from "./words.ts";
import { getRecords } from "./filter.ts";

/** Ids of live `cls` items matching all words: in their own text or in one linked document. */
export async function searchWords(
  core: Core,
  query: string,
  cls: ClassDef,
): Promise<string[]> {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const read = (c: string, ids: string[]) => getRecords(core.kv, c, ids);
  const docs = await findDocuments(
    core.kv,
    words.sort((a, b) => b.length - a.length),
    read,
  );
  const found = new Set<string>();
  const linkProps = [...cls.props.values()].filter((p) =>
    p.type === "Multilink" || p.type === "Link"
  );
  for (const doc of docs) {
    const [docCls, id] = doc.split(":") as [string, string];
    if (docCls === cls.name) {
      found.add(id);
      continue;
    }
    for (const p of linkProps.filter((p) => p.class === docCls)) {
      for await (
        const e of core.kv.list({
          prefix: keys.idxValuePrefix(cls.name, p.name, Number(id)),
        })
      ) {
        found.add(String(e.key[4]));
      }
    }
  }
  const ids = [...found].sort((a, b) => Number(a) - Number(b));
  const recs = await getRecords(core.kv, cls.name, ids);
  return ids.filter((_, i) => recs[i] && !recs[i]!.retired);
}
