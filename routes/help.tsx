/** `/help`: the help page; `?@template=classlist`: the classes. The classhelp list is in classhelp.tsx. */
export { classHelpPage } from "./classhelp.tsx";
import type { Ctx } from "../server/context.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";

/** The help page: how to search, the date grammar and the designators that become links. */
export async function helpPage(c: Ctx): Promise<Response> {
  const f = await frameFor(c);
  return html(
    c,
    <Layout f={f} title="Help">
      <h2>Finding issues</h2>
      <p>
        The menu's links list open issues, your issues and unassigned ones.
        Search offers every property of a class: several values are separated by
        commas, <code>-1</code>{" "}
        finds items where a link is empty, and dates take ranges.
      </p>
      <h2>Dates</h2>
      <ul>
        <li>
          <code>2024-03-01</code>, <code>2024-03-01.14:30</code>, <code>.</code>
          {" "}
          (now), <code>-2d</code> (two days ago)
        </li>
        <li>
          Ranges: <code>2024</code> (the whole year),{" "}
          <code>2024-03-01;2024-03-31</code>, <code>from -1w to .</code>,{" "}
          <code>-2m;-1m</code>
        </li>
      </ul>
      <h2>Messages</h2>
      <p>
        Text such as issue12 or msg3 in a message becomes a link to that item,
        and so do web addresses.
      </p>
    </Layout>,
  );
}

/** `?@template=classlist`: every class of the schema the user may view, with links. */
export async function classListPage(c: Ctx): Promise<Response> {
  const t = c.get("tracker");
  const a = c.get("actor");
  const base = c.get("base");
  const rows: Array<{ name: string; create: boolean }> = [];
  for (const name of t.db.classNames()) {
    if (!(await a.may("View", name))) continue;
    rows.push({ name, create: await a.may("Create", name) });
  }
  const f = await frameFor(c);
  return html(
    c,
    <Layout f={f} title="Class list">
      <table class="list">
        <thead>
          <tr>
            <th>class</th>
            <th>properties</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>
                <a href={`${base}/${r.name}`}>{r.name}</a>
              </td>
              <td>
                {[...t.schema.classes.get(r.name)!.props.keys()].join(", ")}
              </td>
              <td>
                {r.create && (
                  <a href={`${base}/${r.name}?@template=item`}>create new</a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
  );
}
