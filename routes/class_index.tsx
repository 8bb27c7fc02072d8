/** `/CLASS`: the index of any class with Roundup's `@columns`, `@sort`, `@group`, `@filter`, paging. */
import type { ClassDef, ItemRecord } from "../store/mod.ts";
import type { Ctx } from "../server/context.ts";
import { labelerFor } from "../server/display.ts";
import {
  checkQueryAccess,
  indexParams,
  type IndexQuery,
  indexState,
  indexStateAt,
  parseIndexQuery,
  runIndexQuery,
  viewableIds,
} from "../server/index_query.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";
import type { ComponentChildren } from "preact";
import {
  IndexTable,
  type LiveCell,
  type LiveListData,
} from "../islands/mod.ts";
import { Island } from "../server/island.tsx";
import { viewOf } from "../server/view_cache.ts";

/** The columns of a query the user may see. */
async function visibleColumns(c: Ctx, q: IndexQuery): Promise<string[]> {
  const a = c.get("actor");
  const out: string[] = [];
  for (const col of q.columns) {
    if (col === "id" || await a.mayViewProperty(q.cls.name, col)) out.push(col);
  }
  return out;
}

/**
 * Rows of the page as text cells (plus the group label), with links to the items unless
 * `links` is false (a CSV export has no use for them). `read`: records already read.
 */
export async function indexRows(
  c: Ctx,
  q: IndexQuery,
  ids: string[],
  columns: string[],
  { read = [], links = true }: { read?: ItemRecord[]; links?: boolean } = {},
) {
  const t = c.get("tracker");
  const a = c.get("actor");
  const lab = labelerFor(c);
  const base = `${c.get("base")}/${q.cls.name}`;
  const linkCol = columns.includes(q.cls.labelprop)
    ? q.cls.labelprop
    : columns[0];
  // The item page can then offer the previous and next item of this index (its row says where
  // to look, so the item page reads a few rows, not the whole index).
  const state = indexState(q);
  const at = (row: number) =>
    `?${new URLSearchParams({
      "@index": indexStateAt(state, q.startwith + row),
    })}`;
  // The store hands back the page's records it read; the rest are read in one batch.
  const got = new Map(read.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !got.has(id));
  const more = missing.length
    ? await t.db.cls(q.cls.name).records(missing)
    : [];
  for (const r of more) if (r) got.set(r.id, r);
  const items = ids.map((id) => got.get(id) ?? null).map((r, i) =>
    r ? { ...r.values, id: r.id } : { id: ids[i]! } as Record<string, unknown>
  );
  const groups = q.group.map(([, g]) => g);
  await lab.prefetchLinks(q.cls, [...columns, ...groups], items);
  return await Promise.all(items.map(async (item, row) => {
    const id = item.id as string;
    const cells: LiveCell[] = await Promise.all(columns.map(async (col) => ({
      // A column the user may see on some items only is blank on the others.
      text: col === "id" || await a.mayViewProperty(q.cls.name, col, id)
        ? await lab.text(q.cls, col, item[col] ?? (col === "id" ? id : null))
        : "",
      href: !links
        ? undefined
        : col === "id"
        ? `${base}${id}`
        : col === linkCol
        ? `${base}${id}${at(row)}`
        : undefined,
    })));
    const group = groups.length
      ? (await Promise.all(groups.map((g) => lab.text(q.cls, g, item[g]))))
        .join(" / ")
      : undefined;
    return { cells, group };
  }));
}

/**
 * What an index page shows, as the LiveList island and its JSON route take it; kept per user
 * until the store changes (server/view_cache.ts).
 */
export async function indexData(
  c: Ctx,
  q: IndexQuery,
  path: string,
  /** Parameters kept on the sort links, e.g. a saved query's `@dispname`. */
  keep: Record<string, string> = {},
): Promise<{ data: LiveListData; total: number; last: number }> {
  const a = c.get("actor");
  await a.require("View", q.cls.name);
  await checkQueryAccess(a, q);
  // Relative dates in a filter ("-1d;") move with the clock: such pages are always computed.
  if (
    Object.keys(q.filterText).some((n) => q.cls.props.get(n)?.type === "Date")
  ) {
    return await computeIndexData(c, q, path, keep);
  }
  const key = `index:${a.userId}:${q.cls.name}:${path}:${new URLSearchParams(
    keep,
  )}:${indexParams(q)}`;
  return await (await viewOf(c)).memo(
    key,
    () => computeIndexData(c, q, path, keep),
  );
}

async function computeIndexData(
  c: Ctx,
  q: IndexQuery,
  path: string,
  keep: Record<string, string>,
): Promise<{ data: LiveListData; total: number; last: number }> {
  const page = await runIndexQuery(
    c.get("tracker"),
    q,
    c.get("actor").timezone,
  );
  const columns = await visibleColumns(c, q);
  const ids = await viewableIds(c.get("actor"), q, page.ids);
  const rows = await indexRows(c, q, ids, columns, {
    read: page.records,
  });
  const href = (extra: Record<string, string>) =>
    `${path}?${indexParams(q, { ...keep, ...extra })}`;
  const sortHrefs = columns.map((col) => {
    const cur = q.sort[0];
    const desc = cur?.[1] === col && cur[0] === "+";
    return href({ "@sort": (desc ? "-" : "") + col, "@startwith": "0" });
  });
  const first = page.total ? q.startwith + 1 : 0;
  const last = Math.min(q.startwith + q.pagesize, page.total);
  return {
    data: {
      columns,
      sortHrefs,
      rows,
      count: `${first}–${last} of ${
        page.estimated ? "about " : ""
      }${page.total}`,
    },
    total: page.total,
    last,
  };
}

/** Renders an index query (also the home page's open issues). */
export async function renderIndex(
  c: Ctx,
  q: IndexQuery,
  opts: {
    title: string;
    path: string;
    msg?: { ok?: string; error?: string };
    status?: 200 | 429;
    /** Shown above the list (the home page's chart). */
    before?: ComponentChildren;
    /** A saved query's name, kept on the paging and sorting links (`@dispname`). */
    dispname?: string;
  },
) {
  const keep: Record<string, string> = opts.dispname
    ? { "@dispname": opts.dispname }
    : {};
  const { data, total, last } = await indexData(c, q, opts.path, keep);
  const f = await frameFor(c, opts.msg);
  const href = (extra: Record<string, string>) =>
    `${opts.path}?${indexParams(q, { ...keep, ...extra })}`;
  const base = c.get("base");
  return html(
    c,
    <Layout f={f} title={opts.title}>
      {opts.before}
      <Island
        name="LiveList"
        props={{
          src: `${base}/@@api/index/${q.cls.name}?${indexParams(q, {})}`,
          events: `${base}/@@live`,
          target: "live-index",
        }}
      />
      <div id="live-index">
        <p class="count">{data.count}</p>
        <IndexTable
          columns={data.columns}
          sortHrefs={data.sortHrefs}
          rows={data.rows}
        />
      </div>
      <div class="pager">
        {q.startwith > 0 && (
          <a
            rel="prev"
            href={href({
              "@startwith": String(Math.max(0, q.startwith - q.pagesize)),
            })}
          >
            ‹ Previous
          </a>
        )}
        {last < total && (
          <a rel="next" href={href({ "@startwith": String(last) })}>Next ›</a>
        )}
        <a href={href({ "@action": "export_csv" })}>Download as CSV</a>
        <a href={href({ "@template": "search" })}>Refine this search</a>
      </div>
    </Layout>,
    opts.status ?? 200,
  );
}

/** GET `/CLASS`. */
export async function indexPage(c: Ctx, cls: ClassDef): Promise<Response> {
  const q = parseIndexQuery(cls, (n) => c.req.query(n));
  return await renderIndex(c, q, {
    title: c.req.query("@dispname") ||
      `${cls.name[0]!.toUpperCase()}${cls.name.slice(1)} index`,
    path: `${c.get("base")}/${cls.name}`,
    dispname: c.req.query("@dispname"),
  });
}
