/**
 * Roundup's URL space under a tracker: `/` (home), `/CLASS` (index), `/CLASS123` (item),
 * `/CLASS?@template=item` (new item form), `/file12/name.ext` (download), `/msg12/` (raw text),
 * and `@action` on GET or POST (login, logout, new, edit, retire, restore, show, export_csv).
 */
import type { Ctx } from "../server/context.ts";
import { HttpError } from "../server/errors.ts";
import { field, type FormData, readForm } from "../server/form.ts";
import { loginAction, logoutAction } from "./auth.ts";
import { indexPage } from "./class_index.tsx";
import { csvExport } from "./csv.ts";
import { downloadFile } from "./file.ts";
import { homePage } from "./home.tsx";
import { classHelpPage, classListPage, helpPage } from "./help.tsx";
import { queriesAction, queriesPage } from "./queries.tsx";
import { editAction, newAction, retireAction } from "./item_actions.ts";
import { itemPage } from "./item.tsx";
import { showAction } from "./show.ts";
import { queryEditPage, searchAction, searchPage } from "./search.tsx";
import { forgottenPage, passrstAction } from "./password_reset.tsx";
import { confregoAction, registerAction, registerPage } from "./register.tsx";

const PATH = /^([A-Za-z_][A-Za-z0-9_]*?)(\d+)?(?:\/(.*))?$/;

/** What a URL path names. */
export interface Target {
  cls: string;
  id: string | null;
  /** The part after "issue12/", e.g. a file name. */
  rest: string | null;
}

/** Splits a path below the tracker ("issue12", "file3/a.txt"); null for the home page. */
export function parseTarget(path: string): Target | null {
  if (["", "home", "index", "help"].includes(path)) return null;
  const m = PATH.exec(path);
  if (!m) throw new HttpError(404, `There is no page "${path}"`);
  return { cls: m[1]!, id: m[2] ?? null, rest: m[3] ?? null };
}

const TEMPLATES = new Set([
  "index",
  "item",
  "search",
  "home",
  "register",
  "forgotten",
  "help",
  "edit",
]);

/** The query string as form data (a search may come by GET). */
function queryForm(c: Ctx): FormData {
  const out: FormData = Object.create(null);
  for (const [k, v] of new URL(c.req.url).searchParams) (out[k] ??= []).push(v);
  return out;
}

/** The one handler below the tracker's base. */
export async function dispatch(c: Ctx): Promise<Response> {
  const t = c.get("tracker");
  if (!["GET", "HEAD", "POST"].includes(c.req.method)) {
    c.header("Allow", "GET, HEAD, POST");
    throw new HttpError(
      405,
      `Cannot ${c.req.method} a page: use GET, or POST a form`,
    );
  }
  let path: string;
  try {
    path = decodeURIComponent(c.req.path.slice(c.get("base").length + 1));
  } catch {
    throw new HttpError(
      400,
      `Cannot read the address "${c.req.path}": it is not valid UTF-8`,
    );
  }
  const target = parseTarget(path);
  if (target && !t.schema.classes.has(target.cls)) {
    throw new HttpError(404, `There is no class "${target.cls}"`);
  }
  const form: FormData = c.req.method === "POST"
    ? await readForm(c.req.raw)
    : {};
  const action = field(form, "@action") ?? c.req.query("@action") ?? "";
  if (action === "login") return await loginAction(c, form);
  if (action === "logout") return await logoutAction(c);
  if (action === "show") return showAction(c);
  if (action === "confrego") return await confregoAction(c);
  if (action === "passrst") return await passrstAction(c, form);
  await c.get("actor").require("Web Access");
  if (!target) {
    const tpl = c.req.query("@template");
    if (tpl === "help" || path === "help") return await helpPage(c);
    if (tpl === "classlist") return await classListPage(c);
    if (tpl && tpl !== "home" && tpl !== "index") {
      throw new HttpError(400, `There is no template "${tpl}"`);
    }
    return await homePage(c);
  }
  const def = t.schema.classes.get(target.cls)!;
  if (action === "export_csv") return await csvExport(c, def);
  if (action === "search") {
    return await searchAction(
      c,
      def,
      c.req.method === "POST" ? form : queryForm(c),
    );
  }
  if (c.req.method === "POST") {
    if (action === "new") return await newAction(c, def, form);
    if (action === "queries" && def.name === "query") {
      return await queriesAction(c, form);
    }
    if (action === "register" && def.name === "user") {
      return await registerAction(c, form);
    }
    if (action === "edit" && target.id) {
      return await editAction(c, def, target.id, form);
    }
    if ((action === "retire" || action === "restore") && target.id) {
      return await retireAction(c, def, target.id, form, action);
    }
    throw new HttpError(400, `Cannot do the action "${action}" here`);
  }
  if (action) throw new HttpError(400, `Cannot do the action "${action}" here`);
  const template = c.req.query("@template") ?? (target.id ? "item" : "index");
  if (!TEMPLATES.has(template)) {
    throw new HttpError(400, `There is no template "${template}"`);
  }
  if (target.id && target.rest !== null) {
    return await downloadFile(c, def, target.id);
  }
  if (target.id && def.name === "query" && template === "item") {
    return await queryEditPage(c, target.id);
  }
  if (target.id) return await itemPage(c, def, target.id);
  if (template === "item") return await itemPage(c, def, null);
  if (template === "search") return await searchPage(c, def);
  if (template === "help") return await classHelpPage(c, def);
  if (template === "edit" && def.name === "query") return await queriesPage(c);
  if (template === "forgotten" && def.name === "user") {
    return await forgottenPage(c);
  }
  if (template === "register" && def.name === "user") {
    return await registerPage(c);
  }
  return await indexPage(c, def);
}
