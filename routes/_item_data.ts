/** Gathers what an item page shows: field rows, messages, files and history, as plain data. */
import type { ClassDef, Item } from "../store/mod.ts";
import { formatDate } from "../store/date.ts";
import type { Ctx } from "../server/context.ts";
import { labelerFor } from "../server/display.ts";
import { field, type FormData } from "../server/form.ts";
import type { FieldRow } from "./_components/fields.tsx";

/** Largest class whose items a Link field offers as a drop-down. */
const MAX_OPTIONS = 100;

/** One message of an issue. */
export interface MessageView {
  id: string;
  author: string;
  date: string;
  content: string;
}

/** One history line. */
export interface HistoryView {
  date: string;
  user: string;
  action: string;
  details: string;
}

function hidden(cls: ClassDef, name: string): boolean {
  const p = cls.props.get(name)!;
  if (p.automatic) return true;
  if (cls.base === "FileClass" && name === "content") return true;
  return cls.base === "IssueClass" && (name === "messages" || name === "files");
}

/** The property rows, with values from the posted form when it is shown again. */
export async function fieldRows(
  c: Ctx,
  cls: ClassDef,
  item: Item | null,
  form?: FormData,
): Promise<FieldRow[]> {
  const t = c.get("tracker");
  const a = c.get("actor");
  const lab = labelerFor(c);
  const rows: FieldRow[] = [];
  const itemId = item?.id;
  for (const [name, p] of cls.props) {
    if (hidden(cls, name)) continue;
    if (!(await a.mayViewProperty(cls.name, name, itemId))) continue;
    const editable = await a.may(item ? "Edit" : "Create", cls.name, {
      property: name,
      itemId,
    });
    const value = form && editable
      ? field(form, name) ?? ""
      : item
      ? await lab.formText(cls, name, item[name])
      : "";
    const row: FieldRow = {
      name,
      type: p.type,
      value,
      editable,
      required: p.required,
      linkClass: p.class,
      base: c.get("base"),
    };
    if (p.type === "Link" && editable && p.class) {
      // One item past the limit says the class is too large, without reading all of it.
      const { ids } = await t.db.cls(p.class).filterPage({
        sort: [["+", "id"]],
        limit: MAX_OPTIONS + 1,
      });
      if (ids.length <= MAX_OPTIONS) {
        await lab.prefetch(p.class, ids);
        row.options = await Promise.all(
          ids.map(async (id) =>
            [id, await lab.label(p.class!, id)] as [string, string]
          ),
        );
      }
    }
    if ((p.type === "Link" || p.type === "Multilink") && item && !editable) {
      row.links = (await lab.links(p, item[name])).map((l) => ({
        href: `${c.get("base")}/${l.cls}${l.id}`,
        label: l.label,
      }));
    }
    if (p.type === "Password") {
      row.value = "";
      row.oldPassword = cls.name === "user" && itemId === a.userId;
    }
    if ((p.type === "Link" || p.type === "Multilink") && p.class) {
      row.helpHref = `${
        c.get("base")
      }/${p.class}?@template=help&property=${p.name}&type=${
        p.type === "Link" ? "radio" : "checkbox"
      }`;
    }
    rows.push(row);
  }
  return rows;
}

/** The issue's messages the user may see, oldest first. */
export async function messagesOf(c: Ctx, item: Item): Promise<MessageView[]> {
  const t = c.get("tracker");
  const a = c.get("actor");
  if (!t.schema.classes.has("msg") || !Array.isArray(item.messages)) return [];
  const lab = labelerFor(c);
  const out: MessageView[] = [];
  for (const id of item.messages as string[]) {
    if (!(await a.may("View", "msg", { itemId: id }))) continue;
    const m = await t.db.cls("msg").getItem(id).catch(() => null);
    if (!m) continue;
    out.push({
      id,
      author: typeof m.author === "string"
        ? await lab.label("user", m.author)
        : "",
      date: typeof m.date === "number" ? formatDate(m.date, a.timezone) : "",
      content: String(await t.db.cls("msg").get(id, "content")),
    });
  }
  return out;
}

/** The issue's files: name and download link. */
export async function filesOf(
  c: Ctx,
  item: Item,
): Promise<Array<{ href: string; name: string; id: string }>> {
  const t = c.get("tracker");
  if (!t.schema.classes.has("file") || !Array.isArray(item.files)) return [];
  const out = [];
  for (const id of item.files as string[]) {
    if (!(await c.get("actor").may("View", "file", { itemId: id }))) continue;
    const name = String(
      await t.db.cls("file").get(id, "name").catch(() => `file${id}`),
    );
    out.push({
      id,
      name,
      href: `${c.get("base")}/file${id}/${encodeURIComponent(name)}`,
    });
  }
  return out;
}

/** Entries a page of the generic item template shows unless all are asked for. */
export const GENERIC_HISTORY = 10;

/**
 * How many journal entries the item page shows, newest first (undefined: all). As Roundup's
 * classic templates: issues, messages, files and users show the whole journal; other classes
 * (status, priority, keyword, query, … whose journal holds a "link" entry per item linking
 * there) use the generic template, which shows the newest 10 unless `show_all_history` is asked.
 */
export function historyLimit(c: Ctx, cls: ClassDef): number | undefined {
  const own = cls.base === "IssueClass" || cls.base === "FileClass" ||
    cls.name === "user";
  return own || c.req.query("show_all_history") !== undefined
    ? undefined
    : GENERIC_HISTORY;
}

/** The item's journal, newest first, as text; only the newest `limit` entries when given. */
export async function historyOf(
  c: Ctx,
  cls: ClassDef,
  id: string,
  limit?: number,
): Promise<HistoryView[]> {
  const t = c.get("tracker");
  const a = c.get("actor");
  const lab = labelerFor(c);
  const entries = (await t.db.cls(cls.name).history(id)).reverse();
  const out: HistoryView[] = [];
  for (const e of entries.slice(0, limit ?? entries.length)) {
    let details = "";
    if (e.action === "set" && e.params && typeof e.params === "object") {
      const parts = [];
      for (
        const [k, v] of Object.entries(e.params as Record<string, unknown>)
      ) {
        if (
          !cls.props.has(k) || !(await a.mayViewProperty(cls.name, k, id))
        ) continue;
        const p = cls.props.get(k)!;
        if (p.type === "Multilink" && Array.isArray(v)) {
          const signs = [];
          for (const [sign, ids] of v as Array<[string, string[]]>) {
            signs.push(`${sign}${await lab.text(cls, k, ids)}`);
          }
          parts.push(`${k}: ${signs.join(" ")}`);
        } else parts.push(`${k}: ${await lab.text(cls, k, v)}`);
      }
      details = parts.join("; ");
    } else if (
      (e.action === "link" || e.action === "unlink") && Array.isArray(e.params)
    ) {
      details = (e.params as string[]).join(" ");
    }
    out.push({
      date: formatDate(e.date, a.timezone),
      user: await lab.label("user", e.user),
      action: e.action,
      details,
    });
  }
  return out;
}

/** What an item page shows of the store, as the user may see it. */
export async function itemData(
  c: Ctx,
  cls: ClassDef,
  id: string | null,
  form?: FormData,
) {
  const t = c.get("tracker");
  const a = c.get("actor");
  let item: Item | null = null;
  if (id !== null) {
    item = await t.db.cls(cls.name).getItem(id);
    await a.require("View", cls.name, { itemId: id });
  } else await a.require("Create", cls.name);
  const rows = await fieldRows(c, cls, item, form);
  const isIssue = cls.base === "IssueClass";
  return {
    item,
    rows,
    mayEdit: rows.some((r) => r.editable),
    mayNote: isIssue && await a.may("Create", "msg"),
    mayFile: isIssue && await a.may("Create", "file"),
    lifecycle: item
      ? item.retired
        ? (await a.may("Restore", cls.name, { itemId: item.id }) && "restore")
        : (await a.may("Retire", cls.name, { itemId: item.id }) && "retire")
      : false,
    messages: item && isIssue ? await messagesOf(c, item) : [],
    files: item && isIssue ? await filesOf(c, item) : [],
    history: item ? await historyOf(c, cls, item.id, historyLimit(c, cls)) : [],
    content: item && cls.name === "msg"
      ? String(await t.db.cls(cls.name).get(item.id, "content"))
      : "",
  };
}
