/**
 * POST `@action=new|edit|retire|restore`: check the `@csrf` token, parse the form, save through
 * the store as the user; 302 with `@ok_message`, or the form again (200) with `@error_message`.
 */
import type { ClassDef } from "../store/mod.ts";
import { parseDate } from "../store/date.ts";
import type { Ctx } from "../server/context.ts";
import { csrfProblem } from "../server/csrf.ts";
import { labelerFor } from "../server/display.ts";
import { statusOf } from "../server/errors.ts";
import { field, type FormData, parseItemForm } from "../server/form.ts";
import { findCollisions, saveItem } from "../server/item_write.ts";
import { startSession } from "../server/session.ts";
import { itemPage } from "./item.tsx";

/**
 * When the form was loaded: our forms send ms since the epoch; Roundup's send the activity date
 * to the second ("2026-12-04.22:37:34", in the user's zone), so the rest of that second counts.
 */
function lastActivity(raw: string, tz: string, now: number): number {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!text) return NaN;
  try {
    return parseDate(text, { now, tz }) + 999;
  } catch {
    return NaN;
  }
}

function okRedirect(c: Ctx, path: string, message: string): Response {
  const p = new URLSearchParams({ "@ok_message": message });
  return c.redirect(`${c.get("base")}/${path}?${p}`, 302);
}

/** Shows the form again for refusals that are the user's to fix (400 and 409 kinds); rethrows others. */
async function refuse(
  c: Ctx,
  cls: ClassDef,
  id: string | null,
  form: FormData,
  e: unknown,
) {
  const s = statusOf(e);
  if (!s || s.status === 403 || s.status === 404) throw e;
  return await itemPage(c, cls, id, { form, error: s.message });
}

/** `@action=new`. */
export async function newAction(
  c: Ctx,
  cls: ClassDef,
  form: FormData,
): Promise<Response> {
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await itemPage(c, cls, null, { form, error: problem });
  const t = c.get("tracker");
  const a = c.get("actor");
  try {
    await a.require("Create", cls.name);
    const parsed = await parseItemForm(t, cls, form, { tz: a.timezone });
    const saved = await saveItem(t, a, cls, null, parsed);
    return okRedirect(c, `${cls.name}${saved.id}`, saved.message);
  } catch (e) {
    return await refuse(c, cls, null, form, e);
  }
}

/** `@action=edit`, with `@lastactivity` collision detection. */
export async function editAction(
  c: Ctx,
  cls: ClassDef,
  id: string,
  form: FormData,
): Promise<Response> {
  const t = c.get("tracker");
  const a = c.get("actor");
  const current = await t.db.cls(cls.name).getItem(id);
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await itemPage(c, cls, id, { form, error: problem });
  try {
    const parsed = await parseItemForm(t, cls, form, {
      tz: a.timezone,
      current,
      // Changing one's own password takes the old one (a left-open session is not enough).
      checkOldPassword: cls.name === "user" && id === a.userId,
    });
    const last = lastActivity(
      field(form, "@lastactivity") ?? "",
      a.timezone,
      t.db.core.now(),
    );
    if (Number.isFinite(last) && last > 0) {
      const collisions = await findCollisions(t, cls, current, parsed, last);
      if (collisions.length) {
        const lab = labelerFor(c);
        const shown = await Promise.all(collisions.map(async (x) => ({
          ...x,
          mineText: await lab.text(cls, x.prop, x.mine),
          theirsText: await lab.text(cls, x.prop, x.theirs),
        })));
        return await itemPage(c, cls, id, {
          form,
          error: `Edit collision: ${
            collisions.map((x) => x.prop).join(", ")
          } changed by somebody else since you loaded the page; nothing was saved`,
          collisions: shown,
        });
      }
    }
    const saved = await saveItem(t, a, cls, id, parsed, { current });
    // The new password ended all the user's sessions (tracker/password_sessions.ts): this
    // browser, which made the change, goes on in a fresh one.
    if (cls.name === "user" && id === a.userId && "password" in parsed.values) {
      await startSession(c, a);
    }
    return okRedirect(c, `${cls.name}${id}`, saved.message);
  } catch (e) {
    return await refuse(c, cls, id, form, e);
  }
}

/** `@action=retire` and `@action=restore`. */
export async function retireAction(
  c: Ctx,
  cls: ClassDef,
  id: string,
  form: FormData,
  action: "retire" | "restore",
): Promise<Response> {
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await itemPage(c, cls, id, { form, error: problem });
  const a = c.get("actor");
  await a.require(action === "retire" ? "Retire" : "Restore", cls.name, {
    itemId: id,
  });
  const h = c.get("tracker").db.cls(cls.name);
  if (action === "retire") await h.retire(id, { actor: a.userId });
  else await h.restore(id, { actor: a.userId });
  return okRedirect(
    c,
    `${cls.name}${id}`,
    `${cls.name}${id} has been ${action}d`,
  );
}
