/**
 * The search form and the index URL it stands for, both ways: a submitted form becomes the index
 * parameters (`@columns`, `@sort`, `@group`, `@filter` with property=value, `@search_text`,
 * `@pagesize`), and index parameters (a saved query, the current index) fill the form again.
 */
import type { ClassDef } from "../store/mod.ts";
import { field, type FormData } from "../server/form.ts";

/** The properties the search form offers. */
export function searchable(cls: ClassDef): string[] {
  return [
    "id",
    ...[...cls.props.values()].filter((p) =>
      p.type !== "Password" && p.name !== "content"
    ).map((p) => p.name),
  ];
}

/** The index URL parameters a search form asks for. */
export function indexUrlOf(cls: ClassDef, form: FormData): URLSearchParams {
  const p = new URLSearchParams();
  const cols = (form["@columns"] ?? []).map(String).filter(Boolean);
  if (cols.length) p.set("@columns", cols.join(","));
  const sort = field(form, "@sort");
  if (sort) p.set("@sort", (field(form, "@sortdir") === "-" ? "-" : "") + sort);
  const group = field(form, "@group");
  if (group) {
    p.set("@group", (field(form, "@groupdir") === "-" ? "-" : "") + group);
  }
  const filter = searchable(cls).filter((n) =>
    (field(form, n) ?? "").trim() !== ""
  );
  if (filter.length) p.set("@filter", filter.join(","));
  for (const n of filter) p.set(n, field(form, n)!.trim());
  const text = (field(form, "@search_text") ?? "").trim();
  if (text) p.set("@search_text", text);
  p.set("@pagesize", field(form, "@pagesize") || "50");
  return p;
}

function firstKey(raw: string | null): [string, string] {
  const key = (raw ?? "").split(",")[0]?.trim() ?? "";
  return key.startsWith("-") ? [key.slice(1), "-"] : [key, ""];
}

/** The search form that shows the index parameters `p` (the reverse of indexUrlOf). */
export function formFromIndexUrl(p: URLSearchParams): FormData {
  const form: FormData = {};
  const set = (k: string, v: string | null) => {
    if (v) form[k] = [v];
  };
  const cols = (p.get("@columns") ?? "").split(",").filter(Boolean);
  if (cols.length) form["@columns"] = cols;
  const [sort, sortdir] = firstKey(p.get("@sort"));
  set("@sort", sort);
  set("@sortdir", sort ? sortdir || "+" : "");
  const [group, groupdir] = firstKey(p.get("@group"));
  set("@group", group);
  set("@groupdir", groupdir);
  for (const n of (p.get("@filter") ?? "").split(",").filter(Boolean)) {
    set(n, p.get(n));
  }
  set("@search_text", p.get("@search_text"));
  set("@pagesize", p.get("@pagesize"));
  return form;
}
