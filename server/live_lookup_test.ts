import assert from "node:assert/strict";
import type { ClassDef, ItemRecord } from "../store/mod.ts";
import {
  lookupItems,
  type LookupSource,
  type Suggestion,
} from "./live_lookup.ts";
import { testTracker } from "./_test_tracker.ts";

/** The old lookup: every item of the class, in id order (what lookupItems must still answer). */
async function everyItem(
  src: LookupSource,
  def: ClassDef,
  q: string,
): Promise<Suggestion[]> {
  const detailProp = def.props.has("realname")
    ? "realname"
    : def.key
    ? undefined
    : def.labelprop;
  const starts: Suggestion[] = [], contains: Suggestion[] = [];
  for (const r of await src.records(await src.list())) {
    const name = def.key ? String(r!.values[def.key] ?? "") : r!.id;
    const detail = detailProp ? String(r!.values[detailProp] ?? "") : "";
    const s = { id: r!.id, name, ...(detail ? { detail } : {}) };
    if (name.toLowerCase().startsWith(q)) starts.push(s);
    else if (q && `${name} ${detail}`.toLowerCase().includes(q)) {
      contains.push(s);
    }
  }
  return [...starts, ...contains].slice(0, 12);
}

/** The handle, counting the records it reads. */
function counting(src: LookupSource) {
  const seen = { records: 0 };
  const wrapped: LookupSource = {
    list: () => src.list(),
    filter: (o) => src.filter(o),
    filterPage: (o) => src.filterPage(o),
    records: (ids: string[]): Promise<(ItemRecord | null)[]> => {
      seen.records += ids.length;
      return src.records(ids);
    },
  };
  return { seen, wrapped };
}

const all = {
  mayView: () => Promise.resolve(true),
  mayViewDetail: () => Promise.resolve(true),
  batch: 20,
};

Deno.test("lookupItems answers as a walk over every item, reading a few of a large class", async () => {
  const { t, close } = await testTracker();
  try {
    const issue = t.db.cls("issue");
    for (let i = 0; i < 260; i++) {
      await issue.create({
        title: i % 50 === 7 ? `Printer jam ${i}` : `t${i}`,
      });
    }
    await issue.retire("10");
    const def = t.schema.classes.get("issue")!;
    for (
      const q of ["1", "12", "", "printer", "jam 1", "999", "0", "25", "7"]
    ) {
      const { seen, wrapped } = counting(issue);
      assert.deepEqual(
        await lookupItems(wrapped, def, q, all),
        await everyItem(issue, def, q),
        `q="${q}"`,
      );
      // 260 issues in batches of 20: 80 read whole, then only the candidates.
      const most = { "1": 60, "12": 60, "": 20, "999": 120, "printer": 100 }[q];
      if (most) {
        assert.ok(seen.records <= most, `q="${q}" read ${seen.records}`);
      }
    }
    const got = await lookupItems(issue, def, "1", all);
    assert.deepEqual(got.slice(0, 3).map((s) => s.id), ["1", "11", "12"]);
    const user = t.db.cls("user");
    const udef = t.schema.classes.get("user")!;
    for (const q of ["a", "bui", ""]) {
      assert.deepEqual(
        await lookupItems(user, udef, q, all),
        await everyItem(user, udef, q),
      );
    }
    const hidden = await lookupItems(issue, def, "1", {
      ...all,
      mayView: (id) => Promise.resolve(id !== "1"),
    });
    assert.equal(hidden[0]!.id, "11");
  } finally {
    await close();
  }
});
