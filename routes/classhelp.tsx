/**
 * `/CLASS?@template=help` (Roundup's classhelp pop-up), working without JavaScript: the items in
 * pages (`@startwith`, `@pagesize`) with the `properties=` columns, a search on the first one,
 * and a checkbox (several values, `type=checkbox`) or radio button (`type=radio`) per item.
 * "Apply" shows the selection, kept across pages in `value`, comma-separated, ready to type
 * into the `property` field of the form.
 */
import type { ClassDef } from "../store/mod.ts";
import type { Ctx } from "../server/context.ts";
import { labelerFor } from "../server/display.ts";
import { HttpError } from "../server/errors.ts";
import {
  parseIndexQuery,
  runIndexQuery,
  viewableIds,
} from "../server/index_query.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";

function split(raw: string | undefined): string[] {
  return (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

async function columnsOf(c: Ctx, cls: ClassDef): Promise<string[]> {
  const asked = split(c.req.query("properties"));
  const cols = asked.length ? asked : [cls.key ?? cls.labelprop];
  for (const p of cols) {
    if (p !== "id" && !cls.props.has(p)) {
      throw new HttpError(
        400,
        `Cannot show property "${p}": class "${cls.name}" has no such property`,
      );
    }
    if (p !== "id" && !(await c.get("actor").mayViewProperty(cls.name, p))) {
      throw new HttpError(403, `You may not view ${cls.name} "${p}"`);
    }
  }
  return cols;
}

/** The selection after "Apply": the kept values of other pages plus what is ticked here. */
function selectionOf(c: Ctx, radio: boolean): string[] {
  const before = split(c.req.query("value"));
  if (c.req.query("apply") === undefined) return before;
  const ticked = c.req.queries("check") ?? [];
  if (radio) return ticked.slice(0, 1).length ? ticked.slice(0, 1) : before;
  const shown = new Set(c.req.queries("shown") ?? []);
  return [...new Set([...before.filter((v) => !shown.has(v)), ...ticked])];
}

/** The classhelp page. */
export async function classHelpPage(c: Ctx, cls: ClassDef): Promise<Response> {
  const t = c.get("tracker");
  const a = c.get("actor");
  await a.require("View", cls.name);
  const cols = await columnsOf(c, cls);
  const first = cols[0]!;
  const radio = c.req.query("type") === "radio";
  const search = (c.req.query("@search") ?? "").trim();
  const searchable = cls.props.get(first)?.type === "String";
  const p = new URLSearchParams({
    "@columns": cols.join(","),
    "@sort": first,
    "@pagesize": c.req.query("@pagesize") || "50",
    "@startwith": c.req.query("@startwith") || "0",
  });
  if (search && searchable) p.set("@filter", first), p.set(first, search);
  const q = parseIndexQuery(cls, (n) => p.get(n) ?? undefined);
  const page = await runIndexQuery(t, q, a.timezone);
  const ids = await viewableIds(a, q, page.ids);
  const lab = labelerFor(c);
  const rows = await Promise.all(ids.map(async (id) => {
    const item = await t.db.cls(cls.name).getItem(id);
    const cell = (n: string) => n === "id" ? id : lab.text(cls, n, item[n]);
    return {
      id,
      key: await cell(first),
      cells: await Promise.all(cols.map(cell)),
    };
  }));
  const selected = selectionOf(c, radio);
  const keep = {
    "@template": "help",
    properties: cols.join(","),
    property: c.req.query("property") ?? "",
    type: radio ? "radio" : "checkbox",
    "@search": search,
    value: selected.join(","),
  };
  const nav = (start: number) =>
    `${c.get("base")}/${cls.name}?${new URLSearchParams({
      ...keep,
      "@startwith": String(start),
      "@pagesize": String(q.pagesize),
    })}`;
  const last = Math.min(q.startwith + q.pagesize, page.total);
  const f = await frameFor(c);
  return html(
    c,
    <Layout f={f} title={`${keep.property || cls.name} help`}>
      <form method="get" action={`${c.get("base")}/${cls.name}`}>
        {(["@template", "properties", "property", "type"] as const).map((k) => (
          <input key={k} type="hidden" name={k} value={keep[k]} />
        ))}
        <input type="hidden" name="value" value={keep.value} />
        <input type="hidden" name="@startwith" value={String(q.startwith)} />
        <p class="classhelp-controls">
          <label>
            Selected{" "}
            <input
              type="text"
              name="text_preview"
              class="preview"
              size={40}
              readonly
              value={selected.join(",")}
            />
          </label>{" "}
          <button type="submit" name="apply" value="1">Apply</button>
          {searchable && (
            <>
              {" "}
              <label>
                {first} contains{" "}
                <input type="text" name="@search" value={search} size={12} />
              </label>{" "}
              <button type="submit" name="go" value="1">Search</button>
            </>
          )}
        </p>
        <p class="count">
          {q.startwith > 0 && (
            <a href={nav(Math.max(0, q.startwith - q.pagesize))}>
              &lt;&lt; previous
            </a>
          )} {page.total ? q.startwith + 1 : 0}..{last} out of {page.total}{" "}
          {last < page.total && <a href={nav(last)}>next &gt;&gt;</a>}
        </p>
        <table class="list classhelp">
          <thead>
            <tr>
              <th>x</th>
              {cols.map((n) => <th key={n}>{n}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <input type="hidden" name="shown" value={r.key} />
                  <input
                    type={radio ? "radio" : "checkbox"}
                    name="check"
                    id={`id_${r.id}`}
                    value={r.key}
                    checked={selected.includes(r.key)}
                  />
                </td>
                {r.cells.map((text, i) => (
                  <td key={cols[i]}>
                    <label for={`id_${r.id}`}>{text}</label>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </form>
    </Layout>,
  );
}
