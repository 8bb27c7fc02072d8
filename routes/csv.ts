/** `@action=export_csv`: the index as displayed (all pages), as CSV with the column names first. */
import { stringify } from "csv-stringify/sync";
import type { ClassDef } from "../store/mod.ts";
import type { Ctx } from "../server/context.ts";
import {
  checkQueryAccess,
  parseIndexQuery,
  runIndexQuery,
  viewableIds,
} from "../server/index_query.ts";
import { indexRows } from "./class_index.tsx";

/** Answers with the CSV file of the index query in the URL. */
export async function csvExport(c: Ctx, cls: ClassDef): Promise<Response> {
  const a = c.get("actor");
  await a.require("View", cls.name);
  const q = parseIndexQuery(cls, (n) => c.req.query(n));
  await checkQueryAccess(a, q);
  const all = { ...q, startwith: 0, pagesize: Infinity };
  const page = await runIndexQuery(c.get("tracker"), all, a.timezone);
  const columns: string[] = [];
  for (const col of q.columns) {
    if (col === "id" || await a.mayViewProperty(cls.name, col)) {
      columns.push(col);
    }
  }
  const ids = await viewableIds(a, all, page.ids);
  // The filter read every matching record already: the rows are built from those.
  const rows = await indexRows(c, all, ids, columns, {
    read: page.records,
    links: false,
  });
  // Roundup quotes every field.
  const text = stringify([
    columns,
    ...rows.map((r) => r.cells.map((x) => x.text)),
  ], { quoted: true });
  return c.body(text, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${cls.name}.csv"`,
  });
}
