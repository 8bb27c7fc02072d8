/**
 * `/query?@template=edit`: the user's saved queries and the public ones of others, to pick which
 * appear in "Your Queries" and to delete (retire) their own; `@action=queries` saves the choice.
 */
import type { Ctx } from "../server/context.ts";
import { csrfProblem, issueCsrfToken } from "../server/csrf.ts";
import { Labeler } from "../server/display.ts";
import { HttpError } from "../server/errors.ts";
import type { FormData } from "../server/form.ts";
import { field } from "../server/form.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";

async function visibleQueries(c: Ctx) {
  const t = c.get("tracker");
  const a = c.get("actor");
  const lab = new Labeler(t, a.timezone);
  const out = [];
  for (const id of await t.db.cls("query").list()) {
    if (!(await a.may("View", "query", { itemId: id }))) continue;
    const q = await t.db.cls("query").getItem(id);
    out.push({
      id,
      name: String(q.name ?? ""),
      owner: typeof q.creator === "string"
        ? await lab.label("user", q.creator)
        : "",
      own: q.creator === a.userId,
      private: q.private_for != null,
    });
  }
  return out;
}

/** The page; refused when anonymous. */
export async function queriesPage(c: Ctx, error?: string): Promise<Response> {
  const a = c.get("actor");
  if (a.anonymous) throw new HttpError(403, "Log in to keep saved queries");
  const t = c.get("tracker");
  const mine = new Set(
    ((await t.db.cls("user").get(a.userId, "queries")) ?? []) as string[],
  );
  const rows = await visibleQueries(c);
  const f = await frameFor(c, { error });
  return html(
    c,
    <Layout f={f} title="Your queries">
      <form method="post" action={`${c.get("base")}/query`}>
        <table class="list">
          <thead>
            <tr>
              <th>query</th>
              <th>owner</th>
              <th>private</th>
              <th>in my list</th>
              <th>delete</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((q) => (
              <tr key={q.id}>
                <td>
                  <a href={`${c.get("base")}/query${q.id}`}>{q.name}</a>
                </td>
                <td>{q.owner}</td>
                <td>{q.private ? "yes" : "no"}</td>
                <td>
                  <input
                    type="checkbox"
                    name="include"
                    value={q.id}
                    checked={mine.has(q.id)}
                    aria-label={`show ${q.name} in my list`}
                  />
                </td>
                <td>
                  {q.own && (
                    <input
                      type="checkbox"
                      name="delete"
                      value={q.id}
                      aria-label={`delete ${q.name}`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <input type="hidden" name="@action" value="queries" />
        <input type="hidden" name="@csrf" value={await issueCsrfToken(c)} />
        <p>
          <button type="submit">Save</button>
        </p>
      </form>
    </Layout>,
  );
}

/** `@action=queries`: the user's list becomes the checked queries; checked own ones are retired. */
export async function queriesAction(c: Ctx, form: FormData): Promise<Response> {
  const a = c.get("actor");
  if (a.anonymous) throw new HttpError(403, "Log in to keep saved queries");
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await queriesPage(c, problem);
  const t = c.get("tracker");
  const visible = new Set((await visibleQueries(c)).map((q) => q.id));
  const del = new Set((form.delete ?? []).map(String));
  const include = (form.include ?? []).map(String).filter((id) =>
    visible.has(id) && !del.has(id)
  );
  for (const id of del) await a.require("Retire", "query", { itemId: id });
  await a.require("Edit", "user", { property: "queries", itemId: a.userId });
  await t.db.transact(async (tx) => {
    for (const id of del) await tx.retire("query", id, { actor: a.userId });
    await tx.set("user", a.userId, { queries: include }, { actor: a.userId });
  }, { actor: a.userId });
  const p = new URLSearchParams({
    "@template": "edit",
    "@ok_message": "Your queries are saved",
  });
  return c.redirect(`${c.get("base")}/query?${p}`, 302);
}
