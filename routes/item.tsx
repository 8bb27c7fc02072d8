/** `/CLASS123` (view and edit in one form) and `/CLASS?@template=item` (new item form). */
import type { ClassDef } from "../store/mod.ts";
import type { Ctx } from "../server/context.ts";
import { issueCsrfToken } from "../server/csrf.ts";
import { field, type FormData } from "../server/form.ts";
import type { Collision } from "../server/item_write.ts";
import { frameFor, html } from "../server/render.ts";
import { indexStateAt, neighbours } from "../server/index_query.ts";
import { Layout } from "./_layout.tsx";
import { Island } from "../server/island.tsx";
import { viewOf } from "../server/view_cache.ts";
import {
  markdownMessages,
  markdownOptions,
  renderMarkdown,
} from "../server/markdown.ts";
import { Timeline } from "./_components/Timeline.tsx";
import { FieldCell, LinkedText, MessageText } from "./_components/fields.tsx";
import { historyLimit, itemData } from "./_item_data.ts";

/** How the page is shown again after a refused POST. */
export interface Refused {
  form: FormData;
  error: string;
  collisions?: Array<Collision & { mineText: string; theirsText: string }>;
}

/** Renders the item page (id null: the new-item form). */
export async function itemPage(
  c: Ctx,
  cls: ClassDef,
  id: string | null,
  refused?: Refused,
): Promise<Response> {
  const t = c.get("tracker");
  const a = c.get("actor");
  const base = c.get("base");
  // The page's data is kept per user until the store changes (server/view_cache.ts); a form
  // shown again with the user's input is always computed.
  const {
    item,
    rows,
    mayEdit,
    mayNote,
    mayFile,
    lifecycle,
    messages,
    files,
    history,
    content,
  } = id !== null && !refused
    ? await (await viewOf(c)).memo(
      `item:${a.userId}:${cls.name}${id}:${historyLimit(c, cls) ?? "all"}`,
      () => itemData(c, cls, id),
    )
    : await itemData(c, cls, id, refused?.form);
  const csrf = mayEdit || mayNote ? await issueCsrfToken(c) : "";
  const lifecycleCsrf = lifecycle ? await issueCsrfToken(c) : "";
  const state = c.req.query("@index");
  const near = item && state
    ? await neighbours(t, cls, state, item.id, a.timezone)
    : null;
  const nearHref = (nid: string, at: number) =>
    `${base}/${cls.name}${nid}?${new URLSearchParams({
      "@index": indexStateAt(state!, at),
    })}`;
  const allHref = item && historyLimit(c, cls)
    ? `${base}/${cls.name}${item.id}?show_all_history=yes`
    : undefined;
  const f = await frameFor(c, { error: refused?.error });
  const label = item ? String(item[cls.labelprop] ?? "") : "";
  const title = item
    ? `${cls.name}${item.id}${label ? `: ${label}` : ""}`
    : `New ${cls.name}`;
  const classes = [...t.schema.classes.keys()];
  const markdown = markdownMessages(t);
  const mdOptions = markdownOptions(t, base);
  const action = item ? `${base}/${cls.name}${item.id}` : `${base}/${cls.name}`;
  const required = rows.filter((r) => r.required).map((r) => r.name).join(",");
  return html(
    c,
    <Layout f={f} title={title}>
      {near && (near.prev || near.next) && (
        <nav class="pager" aria-label="In the index">
          {near.prev && (
            <a href={nearHref(near.prev, near.at - 1)}>
              ‹ {cls.name}
              {near.prev}
            </a>
          )}
          {near.next && (
            <a href={nearHref(near.next, near.at + 1)}>
              {cls.name}
              {near.next} ›
            </a>
          )}
        </nav>
      )}
      {item?.retired && <p class="error-message">This item is retired.</p>}
      {refused?.collisions?.length
        ? (
          <table class="list collision">
            <caption>
              Somebody else changed these properties since you loaded the page;
              nothing was saved
            </caption>
            <thead>
              <tr>
                <th>property</th>
                <th>your value</th>
                <th>their value (saved)</th>
              </tr>
            </thead>
            <tbody>
              {refused.collisions.map((x) => (
                <tr>
                  <td>{x.prop}</td>
                  <td>{x.mineText}</td>
                  <td class="theirs">{x.theirsText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
        : null}
      <form method="post" action={action} enctype="multipart/form-data">
        <table class="form">
          <tbody>
            {rows.map((r) => (
              <tr>
                <th>
                  <label for={`f-${r.name}`}>{r.name}</label>
                </th>
                <td>
                  <FieldCell row={r} />
                </td>
              </tr>
            ))}
            {!item && cls.base === "FileClass" && (
              <tr>
                <th>
                  <label for="f-content">content</label>
                </th>
                <td>
                  <input type="file" id="f-content" name="content" required />
                </td>
              </tr>
            )}
            {mayNote && (
              <tr>
                <th>
                  <label for="f-note">Change note</label>
                </th>
                <td>
                  {markdown
                    ? (
                      <Island
                        name="NotePreview"
                        props={{
                          name: "@note",
                          id: "f-note",
                          value: refused
                            ? field(refused.form, "@note") ?? ""
                            : "",
                          base,
                        }}
                      />
                    )
                    : (
                      <textarea id="f-note" name="@note" rows={5} cols={70}>
                        {refused ? field(refused.form, "@note") ?? "" : ""}
                      </textarea>
                    )}
                </td>
              </tr>
            )}
            {mayFile && (
              <tr>
                <th>
                  <label for="f-file">File</label>
                </th>
                <td>
                  <input type="file" id="f-file" name="@file" />
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {(mayEdit || mayNote) && (
          <p>
            <input type="hidden" name="@csrf" value={csrf} />
            <input type="hidden" name="@action" value={item ? "edit" : "new"} />
            {required && (
              <input type="hidden" name="@required" value={required} />
            )}
            {item && (
              <input
                type="hidden"
                name="@lastactivity"
                value={refused && !refused.collisions?.length
                  ? field(refused.form, "@lastactivity") ?? ""
                  // After a collision the user has seen the other values: sending
                  // the form again is a deliberate overwrite.
                  : String(item.activity ?? "")}
              />
            )}
            <button type="submit" name="submit_button" value="1">
              {item ? "Submit Changes" : "Submit New Entry"}
            </button>
          </p>
        )}
      </form>
      {item && cls.base === "FileClass" && (
        <section>
          <h2>Content</h2>
          <p>
            <a
              href={`${base}/${cls.name}${item.id}/${
                encodeURIComponent(String(item.name ?? ""))
              }`}
            >
              Download
            </a>
          </p>
          {cls.name === "msg" && (
            <pre class="content">{LinkedText({ text: content, base, classes })}</pre>
          )}
        </section>
      )}
      {lifecycle && (
        <form method="post" action={action}>
          <input type="hidden" name="@action" value={lifecycle} />
          <input type="hidden" name="@csrf" value={lifecycleCsrf} />
          <button type="submit">
            {lifecycle === "retire" ? "Retire" : "Restore"} this {cls.name}
          </button>
        </form>
      )}
      {files.length > 0 && (
        <section>
          <h2>Files</h2>
          <ul>
            {files.map((x) => (
              <li>
                <a href={x.href}>{x.name}</a> (file{x.id})
              </li>
            ))}
          </ul>
        </section>
      )}
      {messages.length > 0 && (
        <section class="messages">
          <h2>Messages</h2>
          {messages.map((m) => (
            <article id={`msg${m.id}`}>
              <header>
                <a href={`${base}/msg${m.id}`}>msg{m.id}</a> · Author:{" "}
                {m.author} · Date: {m.date}
              </header>
              {markdown
                ? (
                  <div
                    class="markdown"
                    // Sanitised by renderMarkdown() (sanitize-html allowlist).
                    dangerouslySetInnerHTML={{
                      __html: renderMarkdown(m.content, mdOptions),
                    }}
                  />
                )
                : (
                  <div class="msgtext">
                    {MessageText({ text: m.content, base, classes })}
                  </div>
                )}
            </article>
          ))}
        </section>
      )}
      {history.length > 0 && <Timeline history={history} allHref={allHref} />}
    </Layout>,
  );
}
