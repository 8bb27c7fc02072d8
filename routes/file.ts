/**
 * `/file12/name.ext` and `/msg12/`: the content of a FileClass item. HTML and SVG are sent as
 * attachments unless `[web] allow_html_file` is on, so uploads cannot run script on this origin.
 */
import type { ClassDef } from "../store/mod.ts";
import type { Ctx } from "../server/context.ts";
import { HttpError } from "../server/errors.ts";

const ACTIVE =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml)\b/i;

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
  let type = typeof item.type === "string" && item.type ? item.type : "";
  if (!type) type = "text/plain";
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
    headers["Content-Disposition"] = `attachment; filename="${
      name.replace(/["\\\r\n]/g, "_")
    }"`;
  }
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, headers);
}
