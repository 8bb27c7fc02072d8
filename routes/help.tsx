/** `/help`: the help page; `?@template=classlist`: the classes. The classhelp list is in classhelp.tsx. */
export { classHelpPage } from "./classhelp.tsx";
import type { Ctx } from "../server/context.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";

/** The help page: finding issues, saved queries, values (dates, intervals, links), and mail. */
export async function helpPage(c: Ctx): Promise<Response> {
  const f = await frameFor(c);
  const mail = c.get("tracker").config.get("tracker", "email");
  return html(
    c,
    <Layout f={f} title="Help">
      <h2>Finding issues</h2>
      <p>
        The menu's links list open issues, your issues and unassigned ones.
        Search offers every property of a class: give several values separated
        by commas (any of them matches), <code>-1</code>{" "}
        for a link that is not set, and ranges for dates and numbers. "All text"
        looks in titles and message bodies. Tick "show" for the columns you
        want; pick what to sort and group on.
      </p>
      <p>
        Any index is an address you can bookmark: <code>@columns</code>,{" "}
        <code>@sort</code> and <code>@group</code> (a <code>-</code>{" "}
        in front sorts descending; several comma-separated), and{" "}
        <code>@filter</code> naming the properties given as{" "}
        <code>property=value</code>, e.g.{" "}
        <code>issue?@filter=status&amp;status=-1,1</code>. "Download as CSV"
        under an index gives exactly the rows and columns shown.
      </p>
      <h2>Saved queries</h2>
      <ul>
        <li>
          Give a search a name to keep it under "Your Queries"; each user has
          one query per name, and saving under a name you used replaces it.
        </li>
        <li>
          A query that is not private can be added by others on the "Your
          Queries" edit page. If you edit someone else's query you get your own
          copy; if its owner later makes it private or deletes it, those who use
          it keep a copy.
        </li>
      </ul>
      <h2>Dates and intervals</h2>
      <ul>
        <li>
          <code>2024-03-01</code>, <code>2024-03-01.14:30</code>,{" "}
          <code>03-01</code> (this year), <code>14:30</code> (today),{" "}
          <code>.</code> (now), <code>-2d</code>{" "}
          (two days ago), in your own time zone
        </li>
        <li>
          Ranges: <code>2024</code> (the whole year), <code>2024-03</code>,{" "}
          <code>2024-03-01;2024-03-31</code>, <code>from -1w to .</code>,{" "}
          <code>-2m;-1m</code>, <code>;2024-01-01</code> (until then)
        </li>
        <li>
          Intervals: <code>3y</code>, <code>2w 3d</code>, <code>1d 2:50</code>
          {" "}
          (a day, two hours and fifty minutes), <code>0:04:33</code>
        </li>
      </ul>
      <h2>Messages</h2>
      <p>
        Text such as issue12 or msg3 in a message becomes a link to that item,
        and so do web addresses. Quoted lines can be folded away.
      </p>
      <h2>Working by mail</h2>
      <p>
        {mail
          ? (
            <>
              Send mail to <code>{mail}</code>:{" "}
            </>
          )
          : "By mail: "}a subject of <code>[issue] title</code> opens an issue,
        {" "}
        <code>[issue12] anything</code> adds your message to issue 12, and{" "}
        <code>[status=resolved;priority=bug]</code>{" "}
        at the end of the subject changes properties. Replies to the tracker's
        mail keep the subject and so go to the right issue. A subject of{" "}
        <code>help</code> answers with the rules.
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
