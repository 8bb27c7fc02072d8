/**
 * `/query?@template=edit` ("Your Queries" editing, as Roundup's query.edit page): the user's own
 * queries (include in the list, edit, private or not, delete) and the public queries of others
 * (include, edit as a personal copy); `@action=queries` saves the choices.
 */
import type { Ctx } from "../server/context.ts";
import { csrfProblem, issueCsrfToken } from "../server/csrf.ts";
import { labelerFor } from "../server/display.ts";
import { HttpError } from "../server/errors.ts";
import type { FormData } from "../server/form.ts";
import { field } from "../server/form.ts";
import { updateQueryList } from "../server/queries.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";

interface Row {
  id: string;
  name: string;
  href: string;
  owner: string;
  own: boolean;
  private: boolean;
}

async function visibleQueries(c: Ctx): Promise<Row[]> {
  const t = c.get("tracker");
  const a = c.get("actor");
  const lab = labelerFor(c);
  const out: Row[] = [];
  for (const id of await t.db.cls("query").list()) {
    if (!(await a.may("View", "query", { itemId: id }))) continue;
    const q = await t.db.cls("query").getItem(id);
    const name = String(q.name ?? "");
    const p = new URLSearchParams(String(q.url ?? ""));
    p.set("@dispname", name);
    out.push({
      id,
      name,
      href: `${c.get("base")}/${q.klass}?${p}`,
      owner: typeof q.creator === "string"
        ? await lab.label("user", q.creator)
        : "",
      own: q.creator === a.userId,
      private: q.private_for != null,
    });
  }
  return out;
}

function QueryRow(p: { q: Row; mine: boolean; base: string }) {
  const { q } = p;
  return (
    <tr>
      <td>
        <a href={q.href}>{q.name}</a>
        <input type="hidden" name="shown" value={q.id} />
      </td>
      <td>
        <input
          type="checkbox"
          name="include"
          value={q.id}
          checked={p.mine}
          aria-label={`include ${q.name} in Your Queries`}
        />
      </td>
      <td>
        <a href={`${p.base}/query${q.id}`}>
          {q.own ? "edit" : "edit a copy"}
        </a>
      </td>
      <td>
        {q.own
          ? (
            <select name={`private@${q.id}`} aria-label={`${q.name} private`}>
              <option value="yes" selected={q.private}>yes</option>
              <option value="no" selected={!q.private}>no</option>
            </select>
          )
          : q.owner}
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
  );
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
  const base = c.get("base");
  const f = await frameFor(c, { error });
  const row = (q: Row) => (
    <QueryRow key={q.id} q={q} mine={mine.has(q.id)} base={base} />
  );
  return html(
    c,
    <Layout f={f} title={`"Your Queries" Editing`}>
      <form method="post" action={`${base}/query`}>
        <table class="list">
          <thead>
            <tr>
              <th>Query</th>
              <th>Include in "Your Queries"</th>
              <th>Edit</th>
              <th>Private to you? / Owner</th>
              <th>Delete</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th colSpan={5} class="group">Queries I created</th>
            </tr>
            {rows.filter((q) => q.own).map(row)}
            <tr>
              <th colSpan={5} class="group">Queries others created</th>
            </tr>
            {rows.filter((q) => !q.own).map(row)}
          </tbody>
        </table>
        <input type="hidden" name="@action" value="queries" />
        <input type="hidden" name="@csrf" value={await issueCsrfToken(c)} />
        <p>
          <button type="submit">Save Selection</button>
        </p>
      </form>
    </Layout>,
  );
}

/** `@action=queries`: list membership, privacy and deletion of the shown queries. */
export async function queriesAction(c: Ctx, form: FormData): Promise<Response> {
  const a = c.get("actor");
  if (a.anonymous) throw new HttpError(403, "Log in to keep saved queries");
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await queriesPage(c, problem);
  const rows = await visibleQueries(c);
  const visible = new Set(rows.map((q) => q.id));
  const own = new Set(rows.filter((q) => q.own).map((q) => q.id));
  const ids = (name: string, ok: Set<string>) =>
    (form[name] ?? []).map(String).filter((id) => ok.has(id));
  const privacy: Record<string, boolean> = {};
  for (const id of own) {
    const v = field(form, `private@${id}`);
    if (v === "yes" || v === "no") privacy[id] = v === "yes";
  }
  await updateQueryList(c.get("tracker"), a, {
    shown: ids("shown", visible),
    include: ids("include", visible),
    privacy,
    remove: ids("delete", visible),
  });
  const p = new URLSearchParams({
    "@template": "edit",
    "@ok_message": "Your queries are saved",
  });
  return c.redirect(`${c.get("base")}/query?${p}`, 302);
}
