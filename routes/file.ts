/**
 * `/file12/name.ext` and `/msg12/`: the content of a FileClass item. HTML and SVG are sent as
 * attachments unless `[web] allow_html_file` is on, so uploads cannot run script on this origin.
 */
import type { ClassDef } from "../store/mod.ts";
import type { Ctx } from "../server/context.ts";
import { HttpError } from "../server/errors.ts";

/** Types a browser may render as a page (any HTML, XML or SVG flavour, XSL). */
const ACTIVE = /html|xml|svg|xsl/i;

/**
 * The stored type as a header value: trimmed (a header value is, so " text/html" must not slip
 * past ACTIVE), and one that a header cannot carry (control or non-Latin-1 characters) becomes
 * application/octet-stream.
 */
function mediaType(stored: unknown): string {
  const type = typeof stored === "string" ? stored.trim() : "";
  if (!type) return "text/plain";
  return /^[\x20-\x7e]+$/.test(type) ? type : "application/octet-stream";
}

/** A Content-Disposition value for `name`: an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const utf8 = encodeURIComponent(
    // deno-lint-ignore no-control-regex
    name.toWellFormed().replace(/[\u0000-\u001f\u007f]/g, "_"),
  )
    .replace(
      /['()*]/g,
      (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** Answers with the item's content. */
export async function downloadFile(
  c: Ctx,
  cls: ClassDef,
  id: string,
): Promise<Response> {
  if (cls.base !== "FileClass") {
    throw new HttpError(
      404,
      `There is no file below ${cls.name}${id}: it is not a file class`,
    );
  }
  const t = c.get("tracker");
  const a = c.get("actor");
  await a.require("View", cls.name, { itemId: id, property: "content" });
  const h = t.db.cls(cls.name);
  const item = await h.getItem(id);
  const bytes = await h.getContent(id);
  let type = mediaType(item.type);
  if (type.startsWith("text/") && !/charset=/i.test(type)) {
    type += "; charset=utf-8";
  }
  const headers: Record<string, string> = {
    "Content-Type": type,
    // A downloaded file gets no rights on this origin at all.
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  const name = typeof item.name === "string" ? item.name : `${cls.name}${id}`;
  const allowHtml = t.config.getBool("web", "allow_html_file");
  if (ACTIVE.test(type) && !allowHtml) {
    headers["Content-Disposition"] = attachmentHeader(name);
  }
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, headers);
}
