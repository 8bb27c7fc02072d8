/** Retiring and restoring items: DELETE and PATCH @op=action (retire, restore). */
import type { ClassDef, ItemRecord } from "../../store/mod.ts";
import type { Answer } from "./_collection.ts";
import { type Input, RestError } from "./_http.ts";
import type { RestCtx } from "./_values.ts";

/** PATCH with @op=action: @action_name retire or restore, as Roundup's REST actions. */
export async function patchAction(
  r: RestCtx,
  cls: ClassDef,
  rec: ItemRecord,
  input: Input,
): Promise<Answer> {
  const name = input.get("@action_name");
  if (name !== "retire" && name !== "restore") {
    throw new RestError(
      400,
      `action "${name}" is not supported, allowed: retire, restore`,
    );
  }
  await retireOrRestore(r, cls, rec, name);
  return {
    status: 200,
    data: {
      id: rec.id,
      type: cls.name,
      link: `${r.restUrl}/data/${cls.name}/${rec.id}`,
      result: null,
    },
  };
}

/** Retires or restores an item after the Retire (or Restore) permission check. */
export async function retireOrRestore(
  r: RestCtx,
  cls: ClassDef,
  rec: ItemRecord,
  what: "retire" | "restore",
) {
  const perm = what === "retire" ? "Retire" : "Restore";
  const ok = await r.actor.may(perm, cls.name, { itemId: rec.id }) ||
    await r.actor.may("Retire", cls.name, { itemId: rec.id });
  if (!ok) {
    throw new RestError(
      403,
      `You do not have permission to retire or restore the ${cls.name} class.`,
    );
  }
  if (
    what === "retire" && cls.name === "user" &&
    ["admin", "anonymous"].includes(String(rec.values.username))
  ) {
    throw new RestError(409, "You may not retire the admin or anonymous user");
  }
  const h = r.t.db.cls(cls.name);
  if (what === "retire") {
    await h.retire(rec.id, { actor: r.actor.userId, ifRev: rec.rev });
  } else await h.restore(rec.id, { actor: r.actor.userId, ifRev: rec.rev });
}
