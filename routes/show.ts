/** `@action=show` with `@type` and `@number`: jumps to that item (the menu's "Show issue"). */
import type { Ctx } from "../server/context.ts";
import { HttpError } from "../server/errors.ts";

/** Redirects to `/TYPE NUMBER`. */
export function showAction(c: Ctx): Response {
  const type = (c.req.query("@type") ?? "").trim();
  const num = (c.req.query("@number") ?? "").trim();
  if (!c.get("tracker").schema.classes.has(type)) {
    throw new HttpError(
      400,
      `Cannot show "${type}${num}": there is no class "${type}"`,
    );
  }
  if (!/^\d+$/.test(num)) {
    throw new HttpError(
      400,
      `Cannot show ${type} "${num}": give the number of the ${type}`,
    );
  }
  return c.redirect(`${c.get("base")}/${type}${Number(num)}`, 302);
}
