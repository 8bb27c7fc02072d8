/**
 * `/CLASS?@template=search`: a search form with every property of the class, and
 * `@action=search`, which turns it into the index URL (and saves it as a query with `@queryname`).
 */
import type { ClassDef } from "../store/mod.ts";
import type { Ctx } from "../server/context.ts";
import { csrfProblem, issueCsrfToken } from "../server/csrf.ts";
import { HttpError, statusOf } from "../server/errors.ts";
import { field, type FormData } from "../server/form.ts";
import { parseIndexQuery, runIndexQuery } from "../server/index_query.ts";
import { saveQuery } from "../server/queries.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";
import { Island } from "../server/island.tsx";
import { linkChoices, SearchField } from "./search_field.tsx";
import { formFromIndexUrl, indexUrlOf, searchable } from "./search_url.ts";

/** Index parameters in the page's own URL (coming from an index): they fill the form. */
function urlForm(c: Ctx): FormData | undefined {
  const p = new URL(c.req.url).searchParams;
  const known = ["@template", "@dispname", "@ok_message", "@error_message"];
  if (![...p.keys()].some((k) => !known.includes(k))) return undefined;
  return formFromIndexUrl(p);
}

/** A search field: dates get the live date preview, links the picker (islands). */
function SearchInput(
  { cls, name, value, base, choices }: {
    cls: ClassDef;
    name: string;
    value: string;
    base: string;
    /** Names of a small linked class: a drop-down, as Roundup's search page has. */
    choices?: string[];
  },
) {
  if (choices) {
    return <SearchField name={name} value={value} choices={choices} />;
  }
  const p = cls.props.get(name);
  const common = { name, id: `s-${name}`, value, base };
  if (p?.type === "Date") {
    return (
      <Island inline name="DateField" props={{ ...common, range: true }} />
    );
  }
  if ((p?.type === "Link" || p?.type === "Multilink") && p.class) {
    return (
      <Island
        inline
        name="Picker"
        props={{ ...common, cls: p.class, multiple: true }}
      />
    );
  }
  return <SearchField name={name} value={value} />;
}

/**
 * The search form, filled from `opts.form` when it is shown again (or opened from a saved query,
 * `opts.from`), else from the index parameters in the URL.
 */
export async function searchPage(
  c: Ctx,
  cls: ClassDef,
  opts: { form?: FormData; error?: string; from?: string } = {},
) {
  const refused = opts.form ?? urlForm(c);
  const a = c.get("actor");
  await a.require("View", cls.name);
  const props: string[] = [];
  for (const p of searchable(cls)) {
    if (p === "id" || await a.mayViewProperty(cls.name, p)) props.push(p);
  }
  const v = (name: string) => refused ? field(refused, name) ?? "" : "";
  const shown = new Set(
    refused
      ? refused["@columns"]?.map(String)
      : ["id", "title", "activity", "status", "creator"],
  );
  const choices = await linkChoices(c, cls, props);
  const f = await frameFor(c, { error: opts.error });
  const mayQuery = !a.anonymous &&
    c.get("tracker").schema.classes.has("query") &&
    await a.may("Create", "query");
  return html(
    c,
    <Layout f={f} title={`Search ${cls.name}`}>
      <form method="post" action={`${c.get("base")}/${cls.name}`}>
        <table class="list">
          <thead>
            <tr>
              <th>property</th>
              <th>search for</th>
              <th>show</th>
            </tr>
          </thead>
          <tbody>
            {props.map((p) => (
              <tr key={p}>
                <td>
                  <label for={`s-${p}`}>{p}</label>
                </td>
                <td>
                  <SearchInput
                    cls={cls}
                    name={p}
                    value={v(p)}
                    base={c.get("base")}
                    choices={choices.get(p)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    name="@columns"
                    value={p}
                    checked={shown.has(p)}
                    aria-label={`show ${p}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table class="form">
          <tbody>
            <tr>
              <th>
                <label for="s-text">Full text</label>
              </th>
              <td>
                <input
                  type="text"
                  id="s-text"
                  name="@search_text"
                  value={v("@search_text")}
                />
              </td>
            </tr>
            <tr>
              <th>
                <label for="s-sort">Sort on</label>
              </th>
              <td>
                <select id="s-sort" name="@sort">
                  {props.map((p) => (
                    <option
                      value={p}
                      selected={(v("@sort") || "activity") === p}
                    >
                      {p}
                    </option>
                  ))}
                </select>{" "}
                <label>
                  <input
                    type="checkbox"
                    name="@sortdir"
                    value="-"
                    checked={!refused || v("@sortdir") === "-"}
                  />{" "}
                  descending
                </label>
              </td>
            </tr>
            <tr>
              <th>
                <label for="s-group">Group on</label>
              </th>
              <td>
                <select id="s-group" name="@group">
                  <option value="">- nothing -</option>
                  {props.map((p) => (
                    <option value={p} selected={v("@group") === p}>{p}</option>
                  ))}
                </select>{" "}
                <label>
                  <input
                    type="checkbox"
                    name="@groupdir"
                    value="-"
                    checked={v("@groupdir") === "-"}
                  />{" "}
                  descending
                </label>
              </td>
            </tr>
            <tr>
              <th>
                <label for="s-size">Page size</label>
              </th>
              <td>
                <input
                  type="text"
                  id="s-size"
                  name="@pagesize"
                  value={v("@pagesize") || "50"}
                  size={4}
                />
              </td>
            </tr>
            {mayQuery && (
              <tr>
                <th>
                  <label for="s-q">Save as query</label>
                </th>
                <td>
                  <input
                    type="text"
                    id="s-q"
                    name="@queryname"
                    value={v("@queryname")}
                  />{" "}
                  <label>
                    <input
                      type="checkbox"
                      name="@private"
                      value="yes"
                      checked={opts.form ? v("@private") === "yes" : true}
                    />{" "}
                    private
                  </label>
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {opts.from && <input type="hidden" name="@queryid" value={opts.from} />}
        <input type="hidden" name="@action" value="search" />
        <input type="hidden" name="@csrf" value={await issueCsrfToken(c)} />
        <p>
          <button type="submit">Search</button>
        </p>
      </form>
    </Layout>,
  );
}

/** `@action=search`: checks the search by running it, saves it with `@queryname`, shows the index. */
export async function searchAction(
  c: Ctx,
  cls: ClassDef,
  form: FormData,
): Promise<Response> {
  const a = c.get("actor");
  await a.require("View", cls.name);
  const from = field(form, "@queryid") || undefined;
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await searchPage(c, cls, { form, error: problem, from });
  const params = indexUrlOf(cls, form);
  const name = (field(form, "@queryname") ?? "").trim();
  if (name && c.req.method !== "POST") {
    throw new HttpError(
      400,
      "Cannot save a query from a link: use the search form",
    );
  }
  try {
    const q = parseIndexQuery(cls, (n) => params.get(n) ?? undefined);
    await runIndexQuery(c.get("tracker"), { ...q, pagesize: 1 }, a.timezone);
    if (name) {
      await saveQuery(c.get("tracker"), a, {
        klass: cls.name,
        name,
        url: params.toString(),
        private: field(form, "@private") === "yes",
        from,
        oldName: field(form, "@old-queryname")?.trim(),
      });
      params.set("@ok_message", `Query "${name}" saved`);
    }
  } catch (e) {
    const s = statusOf(e);
    if (!s || s.status === 403) throw e;
    return await searchPage(c, cls, { form, error: s.message, from });
  }
  if (name) params.set("@dispname", name);
  return c.redirect(`${c.get("base")}/${cls.name}?${params}`, 302);
}

/** `/query12`: the search form of the query's class, filled from the saved query, to edit it. */
export async function queryEditPage(c: Ctx, id: string): Promise<Response> {
  const t = c.get("tracker");
  await c.get("actor").require("View", "query", { itemId: id });
  const q = await t.db.cls("query").getItem(id);
  const cls = t.schema.classes.get(String(q.klass));
  if (!cls) {
    throw new HttpError(
      404,
      `Cannot edit query${id}: its class "${q.klass}" does not exist`,
    );
  }
  const form = formFromIndexUrl(new URLSearchParams(String(q.url ?? "")));
  form["@queryname"] = [String(q.name ?? "")];
  if (q.private_for) form["@private"] = ["yes"];
  return await searchPage(c, cls, { form, from: id });
}
