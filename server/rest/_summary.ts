/**
 * GET /rest/summary: the issues active in the last week by status, those created in it, and the
 * "most discussed" (as Roundup: the first ten, with how many message changes each had).
 *
 * The records come from the filter that finds the issues; the journals are read one issue at a
 * time when few issues were active, else in one scan of the class's journal in id order (a
 * busy tracker, or one loaded at once, has most issues active).
 */
import type { ClassHandle, JournalEntry } from "../../store/mod.ts";
import type { Answer } from "./_collection.ts";
import { RestError } from "./_http.ts";
import type { RestCtx } from "./_values.ts";

const WEEK_MS = 7 * 24 * 3600_000;
/** From this many active issues on, their journals are read by one scan of the class. */
export const SCAN_FROM = 500;

interface Activity {
  created: boolean;
  messages: number;
}

function activityOf(entries: JournalEntry[], old: number): Activity {
  const a = { created: false, messages: 0 };
  for (const e of entries) {
    if (e.date < old) continue;
    if (e.action === "create") a.created = true;
    const params = e.params as Record<string, unknown> | null;
    if (e.action === "set" && params && "messages" in params) a.messages++;
  }
  return a;
}

/** What the journal of each of `ids` says since `old`. */
export async function activities(
  h: ClassHandle,
  ids: string[],
  old: number,
  scanFrom = SCAN_FROM,
): Promise<Map<string, Activity>> {
  const out = new Map<string, Activity>();
  if (ids.length < scanFrom) {
    for (const id of ids) out.set(id, activityOf(await h.history(id), old));
    return out;
  }
  const wanted = new Set(ids);
  for await (const { id, entries } of h.journalScan()) {
    if (wanted.has(id)) out.set(id, activityOf(entries, old));
  }
  return out;
}

/** GET /rest/summary */
export async function summary(r: RestCtx, now: number): Promise<Answer> {
  const issue = r.t.schema.classes.get("issue");
  if (!issue || !(await r.actor.may("View", "issue"))) {
    throw new RestError(403, "Permission to view summary denied");
  }
  const old = now - WEEK_MS;
  const h = r.t.db.cls("issue");
  const page = await h.filterPage({
    filterspec: { activity: { from: old } },
    withRecords: true,
  });
  const records = page.records ?? await h.records(page.ids);
  const acts = await activities(h, page.ids, old);
  const statusNames = new Map<string, string>();
  const created = [];
  const byStatus: Record<string, unknown[]> = {};
  const discussed: Array<[number, unknown]> = [];
  for (const rec of records) {
    if (!rec) continue;
    const id = rec.id, it = rec.values;
    const obj = {
      id,
      link: `${r.restUrl}/data/issue/${id}`,
      title: it.title ?? null,
    };
    let status = "None";
    if (typeof it.status === "string") {
      if (!statusNames.has(it.status)) {
        const name = await r.t.db.cls("status").get(it.status, "name");
        statusNames.set(it.status, String(name));
      }
      status = statusNames.get(it.status)!;
    }
    const a = acts.get(id) ?? { created: false, messages: 0 };
    if (a.created) created.push(obj);
    (byStatus[status] ??= []).push(obj);
    discussed.push([a.messages, obj]);
  }
  return {
    status: 200,
    data: {
      created,
      summary: byStatus,
      most_discussed: discussed.slice(0, 10),
    },
  };
}
