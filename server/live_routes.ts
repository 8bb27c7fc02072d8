/**
 * The JSON routes the islands use, and the live change stream:
 * `/@@live` (server-sent events: "change" after any commit), `/@@api/index/CLASS?…` (an index
 * page's rows as JSON, same query as the page), `/@@api/lookup/CLASS?q=` (items whose key or
 * label starts with or contains q, for the pickers), `/@@api/date?v=` (what a date text means
 * to this user), `POST /@@api/markdown` (a note rendered as the tracker would show it).
 * Every route checks the same permissions as the page it serves.
 */
import type { Hono } from "hono";
import { parseDateRange } from "../store/date_range.ts";
import { formatDate, parseDate } from "../store/date.ts";
import { isStoreError } from "../store/mod.ts";
import { parseIndexQuery } from "./index_query.ts";
import type { Tracker } from "../tracker/home.ts";
import { indexData } from "../routes/class_index.tsx";
import type { Ctx, Env } from "./context.ts";
import { HttpError } from "./errors.ts";
import { ChangeHub, liveResponse } from "./live.ts";
import { markdownOptions, renderMarkdown } from "./markdown.ts";
import { lookupItems } from "./live_lookup.ts";

/** Longest note the preview renders. */
const MAX_PREVIEW = 200_000;
const LOOKUP_LIMIT = 12;

function classOf(c: Ctx) {
  const name = c.req.param("cls") ?? "";
  const def = c.get("tracker").schema.classes.get(name);
  if (!def) throw new HttpError(404, `There is no class "${name}"`);
  return def;
}

async function lookup(c: Ctx): Promise<Response> {
  const def = classOf(c);
  const a = c.get("actor");
  await a.require("Web Access");
  await a.require("View", def.name);
  const q = (c.req.query("q") ?? "").trim().toLowerCase();
  const h = c.get("tracker").db.cls(def.name);
  const detailProp = def.props.has("realname") ? "realname" : def.labelprop;
  const found = await lookupItems(h, def, q, {
    mayView: (id) => a.may("View", def.name, { itemId: id }),
    mayViewDetail: (id) => a.mayViewProperty(def.name, detailProp, id),
    limit: LOOKUP_LIMIT,
  });
  return c.json(found);
}

function dateMeaning(c: Ctx): Response {
  const text = c.req.query("v") ?? "";
  const tz = c.get("actor").timezone;
  const ctx = {
    now: c.get("tracker").db.core.now(),
    tz: /^[+-]?\d+(\.\d+)?$/.test(tz) ? Number(tz) : tz,
  };
  const zone = typeof ctx.tz === "number"
    ? (ctx.tz ? `UTC${ctx.tz > 0 ? "+" : ""}${ctx.tz}` : "UTC")
    : tz;
  const show = (ms: number) => `${formatDate(ms, ctx.tz)} (${zone})`;
  try {
    if (c.req.query("range")) {
      const r = parseDateRange(text, ctx);
      const from = r.from === undefined ? "any time" : show(r.from);
      const to = r.to === undefined ? "any time" : show(r.to);
      return c.json({ ok: true, text: `from ${from} to ${to}` });
    }
    return c.json({ ok: true, text: show(parseDate(text, ctx)) });
  } catch (e) {
    if (!isStoreError(e) && !(e instanceof RangeError)) throw e;
    return c.json({ ok: false, text: (e as Error).message });
  }
}

/** Adds the live stream and the islands' JSON routes (after the session middleware). */
export function mountLive(app: Hono<Env>, base: string, t: Tracker): ChangeHub {
  const hub = new ChangeHub(t.db.kv);
  app.get(`${base}/@@live`, async (c) => {
    await c.get("actor").require("Web Access");
    return liveResponse(hub);
  });
  app.get(`${base}/@@api/index/:cls`, async (c) => {
    await c.get("actor").require("Web Access");
    const def = classOf(c);
    const q = parseIndexQuery(def, (n) => c.req.query(n));
    const { data } = await indexData(c, q, `${base}/${def.name}`);
    c.header("Cache-Control", "no-store");
    return c.json(data);
  });
  app.get(`${base}/@@api/lookup/:cls`, lookup);
  app.get(`${base}/@@api/date`, async (c) => {
    await c.get("actor").require("Web Access");
    return dateMeaning(c);
  });
  app.post(`${base}/@@api/markdown`, async (c) => {
    await c.get("actor").require("Web Access");
    const text = await c.req.text();
    if (text.length > MAX_PREVIEW) {
      throw new HttpError(
        413,
        `Cannot preview the note: it has ${text.length} characters, at most ${MAX_PREVIEW} are previewed`,
      );
    }
    return c.json({ html: renderMarkdown(text, markdownOptions(t, base)) });
  });
  return hub;
}
