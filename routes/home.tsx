/** `/`: the open issues (as the classic home page), or a welcome when there is no issue class. */
import type { Ctx } from "../server/context.ts";
import { parseIndexQuery } from "../server/index_query.ts";
import { frameFor, html, openStatusIds } from "../server/render.ts";
import { Layout } from "./_layout.tsx";
import { renderIndex } from "./class_index.tsx";
import { Island } from "../server/island.tsx";
import { dailyStatusCounts } from "../store/mod.ts";
import { labelerFor } from "../server/display.ts";

/** The chart of open issues over the last 90 days (a table without JavaScript). */
async function openChart(c: Ctx, openIds: string) {
  const t = c.get("tracker");
  if (!t.schema.classes.get("issue")?.props.has("status")) return null;
  const open = new Set(openIds.split(",").map((id) => id === "-1" ? "" : id));
  const r = await dailyStatusCounts(t.db, { now: t.db.core.now(), open });
  if (r.counts.size === 0) return null;
  const lab = labelerFor(c);
  const series = [];
  for (
    const [id, values] of [...r.counts].sort(([a], [b]) =>
      Number(a) - Number(b)
    )
  ) {
    series.push({
      label: id ? await lab.label("status", id) : "(none)",
      values,
    });
  }
  return <Island name="OpenChart" props={{ days: r.days, series }} />;
}

/** The home page, with an optional message (login errors land here). */
export async function homePage(
  c: Ctx,
  msg: { ok?: string; error?: string } = {},
  status: 200 | 429 = 200,
): Promise<Response> {
  const t = c.get("tracker");
  const issue = t.schema.classes.get("issue");
  const a = c.get("actor");
  if (!issue || !(await a.may("View", "issue"))) {
    const f = await frameFor(c, msg);
    return html(
      c,
      <Layout f={f} title={f.trackerName}>
        <p>{a.anonymous ? "Please log in or register." : "Welcome."}</p>
      </Layout>,
      status,
    );
  }
  const params: Record<string, string> = {
    "@columns": "id,activity,title,creator,assignedto,status",
    "@sort": "-activity",
    "@group": "priority",
    "@filter": "status",
    status: await openStatusIds(c),
  };
  const q = parseIndexQuery(issue, (n) => params[n]);
  return await renderIndex(c, q, {
    title: "Open issues",
    path: `${c.get("base")}/issue`,
    msg,
    status,
    before: await openChart(c, params.status!),
  });
}
