/**
 * Who is acting: one user of a tracker with their roles and timezone, and what the schema's
 * Security model lets them do. Every entry point (admin -u, the mail gateway's author, nosy
 * recipients, the web and REST) builds its Actor here, so permission checks, own-record checks
 * and the "permission denied" wording live in one place.
 */
import {
  type Db,
  NotFoundError,
  PermissionError,
  type Tx,
} from "../store/mod.ts";
import { verifyPassword } from "../store/password.ts";
import { roleNamesOf, type Security } from "../store/security.ts";
import { configValue, type TrackerConfig } from "./config.ts";
import type { Tracker } from "./home.ts";

/** Where a permission applies: one property, one item, or both. */
export interface PermissionTarget {
  property?: string;
  itemId?: string;
}

/** One user acting on a tracker. */
export interface Actor {
  /** The user's id ("1" is the admin, "2" anonymous in the classic template). */
  readonly userId: string;
  /** The username. */
  readonly name: string;
  /** Lower-cased role names, as Roundup compares them. */
  readonly roles: readonly string[];
  /** The user's timezone, else the tracker's [main] timezone, else "UTC". */
  readonly timezone: string;
  /** True for the anonymous user. */
  readonly anonymous: boolean;
  /** True only for the unchecked admin of `roundup admin` without -u. */
  readonly trusted: boolean;
  /** True when one of the user's roles grants the permission (check functions run for items). */
  may(
    permission: string,
    cls?: string,
    opts?: PermissionTarget,
  ): Promise<boolean>;
  /** Throws PermissionError naming the user, the verb, the class or item and the property. */
  require(
    permission: string,
    cls?: string,
    opts?: PermissionTarget,
  ): Promise<void>;
  /**
   * True when the user may see the property: View, else Edit of the item (Create or Register
   * for a new item), as Roundup's templates decide. "Web Access" is the web's to check.
   */
  mayViewProperty(cls: string, prop: string, itemId?: string): Promise<boolean>;
}

/** A login that failed: no such user, a wrong password or a retired user. */
export class LoginError extends PermissionError {
  override name = "LoginError";
}

/** The parts of a tracker an actor needs (the nosy mail sender has them before the Tracker). */
export type ActorTracker = Pick<Tracker, "db" | "security" | "config">;

/** Options of actorFor(): read the user inside a transaction (users made by this mail). */
export interface ActorOptions {
  tx?: Tx;
}

const VERBS: Record<string, string> = {
  Create: "create",
  Edit: "edit",
  Retire: "retire",
  Restore: "restore",
  View: "view",
};

/** The words require() uses for what was refused. */
function denial(
  name: string,
  permission: string,
  cls: string | undefined,
  o: PermissionTarget,
): string {
  if (cls === undefined) {
    return `Permission denied: user "${name}" does not have the "${permission}" permission`;
  }
  const what = o.itemId ? `${cls}${o.itemId}` : `${cls} items`;
  const prop = o.property ? ` (property "${o.property}")` : "";
  return `Permission denied: user "${name}" may not ${
    VERBS[permission] ?? permission
  } ${what}${prop}`;
}

/** The tracker's [main] timezone, or "UTC" when it has none. */
export function trackerTimezone(config: TrackerConfig): string {
  return configValue(config, "main", "timezone", "UTC");
}

interface UserFacts {
  userId: string;
  name: string;
  roles: string[];
  timezone: string;
  anonymous: boolean;
  trusted: boolean;
}

class TrackerActor implements Actor {
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly timezone: string;
  readonly anonymous: boolean;
  readonly trusted: boolean;
  #security: Security;
  #db: Db;

  constructor(t: ActorTracker, f: UserFacts) {
    this.userId = f.userId;
    this.name = f.name;
    this.roles = Object.freeze([...f.roles]);
    this.timezone = f.timezone;
    this.anonymous = f.anonymous;
    this.trusted = f.trusted;
    this.#security = t.security;
    this.#db = t.db;
  }

  async may(
    permission: string,
    cls?: string,
    opts: PermissionTarget = {},
  ): Promise<boolean> {
    if (this.trusted) return true;
    return await this.#security.hasPermission(
      this.roles.join(","),
      permission,
      cls,
      { ...opts, userId: this.userId, db: this.#db },
    );
  }

  async require(
    permission: string,
    cls?: string,
    opts: PermissionTarget = {},
  ): Promise<void> {
    if (await this.may(permission, cls, opts)) return;
    throw new PermissionError(denial(this.name, permission, cls, opts));
  }

  mayViewProperty(
    cls: string,
    prop: string,
    itemId?: string,
  ): Promise<boolean> {
    return mayViewProperty(this, cls, prop, itemId);
  }
}

/**
 * Roundup's rule for showing a property: View, or Edit on an existing item; a form for a new
 * item shows what the user may fill in (Create or Register). Shared by every Actor.
 */
export async function mayViewProperty(
  actor: Pick<Actor, "may">,
  cls: string,
  prop: string,
  itemId?: string,
): Promise<boolean> {
  const target = { property: prop, itemId };
  if (await actor.may("View", cls, target)) return true;
  if (itemId !== undefined) return await actor.may("Edit", cls, target);
  return await actor.may("Create", cls, target) ||
    await actor.may("Register", cls, target);
}

/**
 * The user with this id as an Actor; NotFoundError when there is no such user.
 * @example const alice = await actorFor(tracker, "3"); await alice.may("Edit", "issue")
 */
export async function actorFor(
  t: ActorTracker,
  userId: string,
  opts: ActorOptions = {},
): Promise<Actor> {
  const users = opts.tx ? t.db.handleIn(opts.tx, "user") : t.db.cls("user");
  const rec = await users.record(userId);
  if (!rec) {
    throw new NotFoundError(
      `Cannot act as user${userId}: there is no such user`,
    );
  }
  const v = rec.values;
  const name = typeof v.username === "string" ? v.username : "";
  const own = typeof v.timezone === "string" ? v.timezone.trim() : "";
  return new TrackerActor(t, {
    userId,
    name,
    roles: roleNamesOf(typeof v.roles === "string" ? v.roles : ""),
    timezone: own || trackerTimezone(t.config),
    anonymous: name === "anonymous",
    trusted: false,
  });
}

/** The live user with this username; LoginError ("there is no such user") otherwise. */
export async function actorNamed(
  t: ActorTracker,
  name: string,
  opts: ActorOptions = {},
): Promise<Actor> {
  const users = opts.tx ? t.db.handleIn(opts.tx, "user") : t.db.cls("user");
  let id: string;
  try {
    id = await users.lookup(name);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    throw new LoginError(`Cannot log in as "${name}": there is no such user`);
  }
  return await actorFor(t, id, opts);
}

/**
 * The anonymous user of the schema ("anonymous"); NotFoundError when the tracker has none.
 * @example (await anonymousActor(tracker)).may("Web Access")
 */
export async function anonymousActor(t: ActorTracker): Promise<Actor> {
  let id: string;
  try {
    id = await t.db.cls("user").lookup("anonymous");
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    throw new NotFoundError(
      'Cannot act as the anonymous user: the tracker has no user "anonymous"',
    );
  }
  return await actorFor(t, id);
}

/**
 * The user `name` after checking `password`; LoginError saying whether the user does not exist
 * (retired users do not) or the password is wrong.
 * @example const actor = await login(tracker, "alice", "secret")
 */
export async function login(
  t: ActorTracker,
  name: string,
  password: string,
): Promise<Actor> {
  const actor = await actorNamed(t, name);
  const stored = await t.db.cls("user").get(actor.userId, "password")
    .catch(() => null);
  const ok = typeof stored === "string" && stored !== "" &&
    await verifyPassword(password, stored).catch(() => false);
  if (!ok) throw new LoginError(`Cannot log in as "${name}": wrong password`);
  return actor;
}

/**
 * The admin of `roundup admin` without -u: may do everything, unchecked.
 * @example trustedActor(tracker).trusted // true
 */
export function trustedActor(
  t: ActorTracker,
  opts: { timezone?: string } = {},
): Actor {
  return new TrackerActor(t, {
    userId: "1",
    name: "admin",
    roles: ["admin"],
    timezone: opts.timezone || trackerTimezone(t.config),
    anonymous: false,
    trusted: true,
  });
}
