/** GET /rest/data/CLASS: filters, @sort, @fields, @verbose, paging, @total_size and X-Count-Total. */
import {
  type ClassDef,
  type FilterPage,
  getRecords,
  type SortSpec,
} from "../../store/mod.ts";
import { buildFilters } from "./_filter.ts";
import { firstRecords } from "./_first_page.ts";
import { type Input, RestError } from "./_http.ts";
import { classOf, formatItem, propPath, type RestCtx } from "./_values.ts";
import { countKey, type ExactCounts } from "./_counts.ts";

/** A handler's answer: status, data and extra headers. */
export interface Answer {
  status: 200 | 201 | 204;
  data: unknown;
  headers?: Record<string, string>;
}

/** Whole number of a control field, or RestError 400 naming it. */
export function intField(input: Input, name: string, fallback: number): number {
  const raw = input.get(name);
  if (raw === undefined) return fallback;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) {
    throw new RestError(
      400,
      `When using ${name}: invalid literal for int() with base 10: '${raw}'`,
    );
  }
  return Number(raw);
}

/** Property names of @fields / @attrs (comma or colon separated), checked; View needed on each step. */
export async function fieldsOf(
  r: RestCtx,
  cls: ClassDef,
  input: Input,
): Promise<Set<string> | null> {
  let out: Set<string> | null = null;
  for (const f of input.fields) {
    if (f.name !== "@fields" && f.name !== "@attrs") continue;
    const text = Array.isArray(f.value) ? f.value.join(",") : f.value;
    const parts = text.includes(",") ? text.split(",") : text.split(":");
    out ??= new Set();
    for (const p of parts.map((s) => s.trim()).filter(Boolean)) {
      let c = cls.name;
      for (const step of propPath(r, cls, p)) {
        if (!(await r.actor.may("View", c, { property: step.name }))) {
          throw new RestError(
            403,
            `User does not have permission on "${c}.${step.name}"`,
          );
        }
        c = step.class ?? c;
      }
      out.add(p);
    }
  }
  return out;
}

async function sortOf(r: RestCtx, cls: ClassDef, input: Input) {
  const sort: SortSpec = [];
  for (const name of ["@group", "@sort"]) {
    const raw = input.get(name);
    if (raw === undefined) continue;
    for (const p of raw.split(",")) {
      if (!p) throw new RestError(400, `Empty property for class ${cls.name}.`);
      const dir = p[0] === "-" ? "-" : "+";
      const pn = /^[-+]/.test(p) ? p.slice(1) : p;
      const known = pn === "id" || cls.props.has(pn);
      if (!known || !(await r.actor.may("View", cls.name, { property: pn }))) {
        throw new RestError(
          403,
          `User does not have search permission on "${cls.name}.${pn}"`,
        );
      }
      sort.push([dir, pn]);
    }
  }
  return sort.length ? sort : [["+", "id"]] as SortSpec;
}

/** Matches from `offset` on (at most `max`) when the store knows the total exactly, else null. */
async function matchesFrom(
  offset: number,
  max: number,
  page: FilterPage | null,
  read: () => Promise<FilterPage>,
): Promise<number | null> {
  const p = page ?? await read();
  return p.estimated ? null : Math.min(Math.max(0, p.total - offset), max);
}

/** GET /rest/data/CLASS */
export async function getCollection(
  r: RestCtx,
  name: string,
  input: Input,
  o: { maxRows: number; counts: ExactCounts; seen: () => Promise<bigint> },
): Promise<Answer> {
  const cls = classOf(r, name);
  if (!(await r.actor.may("View", name))) {
    throw new RestError(403, `Permission to view ${name} denied`);
  }
  const verbose = intField(input, "@verbose", 1);
  const size = input.has("@page_size") ? intField(input, "@page_size", 0) : 0;
  const index = intField(input, "@page_index", 1);
  if (size >= o.maxRows) {
    throw new RestError(
      400,
      `Page size ${size} must be less than admin limit on query result size: ${o.maxRows}.`,
    );
  }
  const display = await fieldsOf(r, cls, input) ?? new Set<string>();
  if (verbose > 1) display.add(cls.labelprop);
  const filters = await buildFilters(r, cls, input.fields);
  const sort = await sortOf(r, cls, input);
  const offset = size > 0 && index > 1 ? (index - 1) * size : 0;
  const h = r.t.db.cls(name);
  const want = size > 0 ? size + 1 : o.maxRows;
  const plain = offset === 0 && want <= 1000 && sort.length === 1 &&
    sort[0]![0] === "+" && sort[0]![1] === "id" &&
    !Object.keys(filters.filterspec).length &&
    !Object.keys(filters.exact).length;
  const first = plain ? await firstRecords(r.t.db.kv, name, want) : null;
  const paged = first ? null : await h.filterPage({
    ...filters,
    sort,
    offset,
    limit: want,
    withRecords: true,
  });
  const ids = first?.map((x) => x.id) ?? paged!.ids;
  const found = ids.length < want
    ? ids.length
    : await matchesFrom(offset, o.maxRows, paged, () =>
      // The store keeps live counts of a class and of one Link property's values (exact at
      // one read); other filters are counted by a scan, shared per change count.
      h.filterPage({ ...filters, sort, limit: 1 })) ??
      await o.counts.get(
        countKey(name, filters, offset),
        await o.seen(),
        async () =>
          (await h.filter({ ...filters, sort, offset, limit: o.maxRows }))
            .length,
      );
  const page = size > 0 ? ids.slice(0, size) : ids;
  const collection = [];
  // The records the store read for the page are used, not read again.
  const recs = (first ?? paged!.records)?.slice(0, page.length) ??
    await getRecords(r.t.db.kv, name, page);
  for (const rec of recs) {
    if (!rec) continue;
    const id = rec.id;
    r.records.set(name + id, rec);
    if (!(await r.actor.may("View", name, { itemId: id }))) continue;
    collection.push({
      id,
      link: `${r.restUrl}/data/${name}/${id}`,
      ...(display.size ? await formatItem(r, cls, rec, display, verbose) : {}),
    });
  }
  const total = found >= o.maxRows ? -1 : offset + found;
  const data: Record<string, unknown> = { collection };
  if (size > 0) data["@links"] = pageLinks(r, name, input, size, index, ids);
  data["@total_size"] = total;
  return {
    status: 200,
    data,
    headers: { "X-Count-Total": String(total), Allow: "OPTIONS, GET, POST" },
  };
}

function pageLinks(
  r: RestCtx,
  name: string,
  input: Input,
  size: number,
  index: number,
  ids: string[],
) {
  const rest = input.fields.filter((f) => f.name !== "@page_index").map((f) =>
    `${f.name}=${Array.isArray(f.value) ? f.value.join(",") : f.value}`
  ).join("&");
  const link = (rel: string, i: number) => [{
    rel,
    uri: `${r.restUrl}/data/${name}?@page_index=${i}&${rest}`,
  }];
  const links: Record<string, unknown> = {};
  if (ids.length > size) links.next = link("next", index + 1);
  if (index > 1) links.prev = link("prev", index - 1);
  links.self = link("self", index);
  return links;
}
