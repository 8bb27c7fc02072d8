/** Temporary stand-in for tracker/actor.ts (same signatures) until the core-actor branch is merged. */
import { NotFoundError, PermissionError } from "../store/mod.ts";
import { verifyPassword } from "../store/password.ts";
import { roleNamesOf } from "../store/security.ts";
import type { Tracker } from "../tracker/home.ts";

type Target = { property?: string; itemId?: string };

export interface Actor {
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly timezone: string;
  readonly anonymous: boolean;
  readonly trusted: boolean;
  may(permission: string, cls?: string, opts?: Target): Promise<boolean>;
  require(permission: string, cls?: string, opts?: Target): Promise<void>;
  mayViewProperty(cls: string, prop: string, itemId?: string): Promise<boolean>;
}

export class LoginError extends PermissionError {
  override name = "LoginError";
}

export async function actorFor(t: Tracker, userId: string): Promise<Actor> {
  const rec = await t.db.cls("user").record(userId);
  if (!rec) throw new NotFoundError(`There is no user${userId}`);
  const v = rec.values;
  const name = String(v.username ?? "");
  const roles = roleNamesOf(typeof v.roles === "string" ? v.roles : "");
  const tz = typeof v.timezone === "string" && v.timezone.trim()
    ? v.timezone.trim()
    : (t.config.get("main", "timezone") || "UTC");
  const may = (p: string, cls?: string, o: Target = {}) =>
    t.security.hasPermission(roles.join(","), p, cls, {
      ...o,
      userId,
      db: t.db,
    });
  return {
    userId,
    name,
    roles,
    timezone: tz,
    anonymous: name === "anonymous",
    trusted: false,
    may,
    async require(p, cls, o = {}) {
      if (await may(p, cls, o)) return;
      const what = o.itemId ? `${cls}${o.itemId}` : `${cls ?? "the"} items`;
      throw new PermissionError(
        `Permission denied: user "${name}" may not ${p.toLowerCase()} ${what}`,
      );
    },
    async mayViewProperty(cls, prop, itemId) {
      return await may("View", cls, { property: prop, itemId }) ||
        await may(itemId ? "Edit" : "Create", cls, { property: prop, itemId });
    },
  };
}

export async function anonymousActor(t: Tracker): Promise<Actor> {
  return await actorFor(t, await t.db.cls("user").lookup("anonymous"));
}

export async function login(
  t: Tracker,
  name: string,
  password: string,
): Promise<Actor> {
  let id: string;
  try {
    id = await t.db.cls("user").lookup(name);
  } catch {
    throw new LoginError(`Cannot log in as "${name}": there is no such user`);
  }
  const stored = await t.db.cls("user").get(id, "password");
  if (
    typeof stored !== "string" ||
    !(await verifyPassword(password, stored).catch(() => false))
  ) {
    throw new LoginError(`Cannot log in as "${name}": wrong password`);
  }
  return await actorFor(t, id);
}
