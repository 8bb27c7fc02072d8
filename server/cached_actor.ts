/**
 * The actor of one request with its answers remembered: an index page asks "may this user see
 * column X of item N?" for every cell, and without a check function (own record, private query)
 * in play the answer does not depend on the item. Answers without an item depend only on the
 * roles and the schema, so they are shared by every request of users with the same roles.
 */
import type { Tracker } from "../tracker/home.ts";
import { type Actor, mayViewProperty, type PermissionTarget } from "./actor.ts";

type Security = Tracker["security"];
type Answers = Map<string, Promise<boolean>>;

/** Item-independent answers and "is a check function involved" per Security and role list. */
const shared = new WeakMap<Security, Map<string, Answers>>();

function answersFor(security: Security, roles: string): Answers {
  let byRoles = shared.get(security);
  if (!byRoles) shared.set(security, byRoles = new Map());
  let answers = byRoles.get(roles);
  if (!answers) byRoles.set(roles, answers = new Map());
  return answers;
}

/** True when a permission with a check function could grant this (then items differ). */
function checked(
  security: Security,
  roles: readonly string[],
  permission: string,
  cls: string | undefined,
  property: string | undefined,
): boolean {
  return roles.some((role) =>
    security.permissionsOf(role).some((p) =>
      p.check !== undefined && p.name === permission &&
      (p.klass === undefined || p.klass === cls) &&
      (property === undefined || !p.properties?.length ||
        p.properties.includes(property))
    )
  );
}

class CachedActor implements Actor {
  readonly userId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly timezone: string;
  readonly anonymous: boolean;
  readonly trusted: boolean;
  #inner: Actor;
  #security: Security;
  #shared: Answers;
  #perItem: Answers = new Map();

  constructor(inner: Actor, security: Security) {
    this.userId = inner.userId;
    this.name = inner.name;
    this.roles = inner.roles;
    this.timezone = inner.timezone;
    this.anonymous = inner.anonymous;
    this.trusted = inner.trusted;
    this.#inner = inner;
    this.#security = security;
    this.#shared = answersFor(security, inner.roles.join(","));
  }

  may(
    permission: string,
    cls?: string,
    opts: PermissionTarget = {},
  ): Promise<boolean> {
    if (this.trusted) return Promise.resolve(true);
    const key = `${permission}\0${cls ?? ""}\0${opts.property ?? ""}`;
    let general = this.#shared.get(key);
    if (!general) {
      general = this.#inner.may(permission, cls, { property: opts.property });
      this.#shared.set(key, general);
      // A failed check is not remembered.
      general.catch(() => this.#shared.delete(key));
    }
    if (opts.itemId === undefined) return general;
    return general.then((yes) => {
      // Without an item a check function counts as granting: no means no for every item.
      if (!yes) return false;
      const checkKey = `check\0${key}`;
      let involved = this.#shared.get(checkKey);
      if (!involved) {
        involved = Promise.resolve(
          checked(this.#security, this.roles, permission, cls, opts.property),
        );
        this.#shared.set(checkKey, involved);
      }
      return involved.then((isChecked) => {
        if (!isChecked) return true;
        const itemKey = `${key}\0${opts.itemId}`;
        let one = this.#perItem.get(itemKey);
        if (!one) {
          one = this.#inner.may(permission, cls, opts);
          this.#perItem.set(itemKey, one);
        }
        return one;
      });
    });
  }

  async require(
    permission: string,
    cls?: string,
    opts: PermissionTarget = {},
  ): Promise<void> {
    if (await this.may(permission, cls, opts)) return;
    // The one actor module words the refusal.
    await this.#inner.require(permission, cls, opts);
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
 * The actor with its permission answers remembered for the request (and item-independent ones
 * for every request of the same roles).
 * @example c.set("actor", cachedActor(await actorFor(t, id), t.security))
 */
export function cachedActor(inner: Actor, security: Security): Actor {
  return inner instanceof CachedActor
    ? inner
    : new CachedActor(inner, security);
}
