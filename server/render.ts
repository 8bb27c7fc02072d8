/** Rendering pages: the frame for the request's user, and a Preact tree to an HTML answer. */
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Frame } from "../routes/_layout.tsx";
import type { Ctx } from "./context.ts";
import { issueCsrfToken } from "./csrf.ts";
import { queriesOf } from "./queries.ts";
import { logoPath } from "./island_files.ts";
import { viewOf } from "./view_cache.ts";

/** Status ids that count as open: every status but one named "resolved". */
export async function openStatusIds(c: Ctx): Promise<string> {
  const t = c.get("tracker");
  if (!t.schema.classes.has("status")) return "";
  const ids = await t.db.cls("status").list();
  let resolved: string | null = null;
  try {
    resolved = await t.db.cls("status").lookup("resolved");
  } catch {
    resolved = null;
  }
  return ["-1", ...ids.filter((id) => id !== resolved)].join(",");
}

/** The frame of a page for this request; `@ok_message`/`@error_message` come from the URL. */
export async function frameFor(
  c: Ctx,
  msg: { ok?: string; error?: string } = {},
): Promise<Frame> {
  const t = c.get("tracker");
  const a = c.get("actor");
  const has = (cls: string) => t.schema.classes.has(cls);
  const url = new URL(c.req.url);
  const view = await viewOf(c);
  return {
    trackerName: t.config.get("tracker", "name") || "Roundup issue tracker",
    base: c.get("base"),
    userId: a.userId,
    userName: a.name,
    anonymous: a.anonymous,
    mayCreateIssue: has("issue") && await a.may("Create", "issue"),
    mayViewIssue: has("issue") && await a.may("View", "issue"),
    mayEditUsers: await a.may("Create", "user"),
    mayRegister: a.anonymous && await a.may("Register", "user"),
    openStatus: await view.memo("openStatus", () => openStatusIds(c)),
    hasQueries: !a.anonymous && has("query"),
    queries: (await view.memo(`queries:${a.userId}`, () => queriesOf(t, a)))
      .map((q) => ({ name: q.name, href: `${c.get("base")}/${q.path}` })),
    loginCsrf: a.anonymous ? await issueCsrfToken(c) : undefined,
    cameFrom: url.pathname + url.search,
    ok: msg.ok ?? c.req.query("@ok_message"),
    error: msg.error ?? c.req.query("@error_message"),
    logo: logoPath(t, c.get("base")),
  };
}

/** Answers with a rendered page. */
export function html(
  c: Ctx,
  tree: VNode,
  status: ContentfulStatusCode = 200,
): Response {
  c.header("Cache-Control", "no-cache");
  return c.html("<!DOCTYPE html>" + renderToString(tree), status);
}
