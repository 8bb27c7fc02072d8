/** `/`: the open issues (as the classic home page), or a welcome when there is no issue class. */
import type { Ctx } from "../server/context.ts";
import { parseIndexQuery } from "../server/index_query.ts";
import { frameFor, html, openStatusIds } from "../server/render.ts";
import { Layout } from "./_layout.tsx";
import { renderIndex } from "./class_index.tsx";

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
  });
}
