/**
 * Roundup's security model: roles hold permissions; a permission has a name, optionally a
 * class, a list of properties it is limited to and a named check function.
 */
import {
  type ClassDef,
  type PermissionSpec,
  resolveSchema,
  type RoleSpec,
  type SchemaSpec,
} from "./schema.ts";
import type { Db } from "./db.ts";
import { InvalidValueError, NotFoundError } from "./errors.ts";

/** One permission as granted to roles. */
export interface Permission {
  name: string;
  /** Absent: the permission applies to every class. */
  klass?: string;
  /** Absent: every property. */
  properties?: string[];
  /** Name of a built-in check function (see CHECKS). */
  check?: string;
  description: string;
}

/** Everything a check function may look at. */
export interface CheckContext {
  userId?: string;
  itemId: string;
  db?: Db;
}

export type CheckFunction = (ctx: CheckContext) => boolean | Promise<boolean>;

function queryValue(ctx: CheckContext, prop: string): Promise<unknown> {
  if (!ctx.db) {
    throw new TypeError(
      `Cannot check access to query${ctx.itemId}: no database was given`,
    );
  }
  return ctx.db.cls("query").get(ctx.itemId, prop);
}

/** The check functions a schema may name, as the classic template defines them. */
export const CHECKS: Record<string, CheckFunction> = {
  own_record: (c) => c.userId !== undefined && c.userId === c.itemId,
  view_query: async (c) => {
    const privateFor = await queryValue(c, "private_for");
    return !privateFor || privateFor === c.userId;
  },
  edit_query: async (c) =>
    c.userId !== undefined && (await queryValue(c, "creator")) === c.userId,
};

/** The roles every tracker has, whatever its schema says. */
export const DEFAULT_ROLES: RoleSpec[] = [
  { name: "User", description: "A regular user, without special privileges" },
  { name: "Admin", description: "An administrator, allowed to do everything" },
  { name: "Anonymous", description: "Someone who has not logged in" },
];

// These descriptions are what `roundup-admin security` prints, so they keep Roundup's text.
const ADMIN_GLOBAL: Permission[] = [
  ...["create", "edit", "restore", "retire", "view"].map((verb) => [
    verb[0]!.toUpperCase() + verb.slice(1),
    `User may ${verb} everything`,
  ]),
  ["Web Access", "User may access the web interface"],
  ["Rest Access", "User may access the rest interface"],
  ["Xmlrpc Access", "User may access the xmlrpc interface"],
  ["Web Roles", "User may manipulate user Roles through the web"],
  ["Email Access", "User may use the email interface"],
].map(([name, description]) => ({ name: name!, description: description! }));

/** Every class gets these when it is defined (Roundup adds no Restore or Search here). */
function classDefaults(klass: string): Permission[] {
  const verbs = {
    Create: "create",
    Edit: "edit",
    View: "access",
    Retire: "retire",
  };
  return Object.entries(verbs).map(([name, verb]) => ({
    name,
    klass,
    description: `User is allowed to ${verb} ${klass}`,
  }));
}

function isSame(p: Permission, s: PermissionSpec): boolean {
  return p.name === s.name && p.klass === s.klass &&
    String(p.properties) === String(s.properties) && p.check === s.check;
}

/** Splits a user's roles property ("Admin, User") into lower-cased names. */
export function roleNamesOf(roles: string | null | undefined): string[] {
  if (!roles || !roles.trim()) return [];
  return roles.split(",").map((r) => r.trim().toLowerCase());
}

/** A Python tuple literal of property names, as Roundup prints them. */
function pyTuple(names: string[]): string {
  const inner = names.map((n) => `'${n}'`).join(", ");
  return names.length === 1 ? `(${inner},)` : `(${inner})`;
}

function byClassAndName(a: Permission, b: Permission): number {
  const ka = a.klass ?? "", kb = b.klass ?? "";
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  // Roundup lists permissions without a check before those with one.
  return Number(!!a.check) - Number(!!b.check);
}

/** Options of hasPermission(). */
export interface PermissionQuery {
  /** Ask about one property (a permission limited to other properties does not count). */
  property?: string;
  /** Ask about one item: check functions run. */
  itemId?: string;
  /** The user asking, for check functions. */
  userId?: string;
  /** The database, for check functions that read items. */
  db?: Db;
}

/** The roles and permissions of a tracker. @example new Security(spec).hasPermission("User", "Edit", "issue") */
export class Security {
  #roles = new Map<string, RoleSpec>();
  #granted = new Map<string, Permission[]>();
  #classes: Map<string, ClassDef>;

  constructor(spec: SchemaSpec) {
    this.#classes = resolveSchema(spec).classes;
    for (const r of [...DEFAULT_ROLES, ...(spec.roles ?? [])]) {
      const name = r.name.toLowerCase();
      this.#roles.set(name, { name, description: r.description });
      if (!this.#granted.has(name)) this.#granted.set(name, []);
    }
    const known: Permission[] = [];
    for (const p of ADMIN_GLOBAL) {
      known.push(p);
      this.#granted.get("admin")!.push(p);
    }
    for (const c of spec.classes) known.push(...classDefaults(c.name));
    for (const s of spec.permissions ?? []) {
      this.#add(s, known);
    }
  }

  #add(s: PermissionSpec, known: Permission[]): void {
    const bad = s.check !== undefined && !(s.check in CHECKS)
      ? `no check function named "${s.check}"`
      : s.klass !== undefined && !this.#classes.has(s.klass)
      ? `no class named "${s.klass}"`
      : "";
    if (bad) {
      throw new InvalidValueError(
        `Cannot define permission "${s.name}": ${bad}`,
      );
    }
    // Without a description the spec names an existing permission, as addPermissionToRole does.
    let perm = s.description === undefined
      ? known.find((p) => isSame(p, s))
      : undefined;
    if (!perm) {
      const { roles: _, ...rest } = s;
      perm = { ...rest, description: s.description ?? "" };
      known.push(perm);
    }
    for (const role of s.roles) {
      const list = this.#granted.get(role.toLowerCase());
      if (!list) {
        throw new InvalidValueError(
          `Cannot give permission "${s.name}" to role "${role}": no such role`,
        );
      }
      list.push(perm);
    }
  }

  /** All roles, names lower-cased, in definition order. */
  roles(): RoleSpec[] {
    return [...this.#roles.values()].map((r) => ({ ...r }));
  }

  /** True when a role of that name (any case) exists. */
  hasRole(name: string): boolean {
    return this.#roles.has(name.trim().toLowerCase());
  }

  /** The permissions of one role, sorted as `roundup-admin security` lists them. */
  permissionsOf(role: string): Permission[] {
    const list = this.#granted.get(role.trim().toLowerCase()) ?? [];
    return [...list].sort(byClassAndName);
  }

  /**
   * True when any of the comma-separated roles grants the permission.
   * @example await security.hasPermission("User", "Edit", "user", { itemId: "3", userId: "3" })
   */
  async hasPermission(
    roleNames: string,
    permission: string,
    cls?: string,
    opts: PermissionQuery = {},
  ): Promise<boolean> {
    if (opts.itemId !== undefined && cls === undefined) {
      throw new TypeError(
        `Cannot check permission "${permission}" on item "${opts.itemId}": no class given`,
      );
    }
    const roles = roleNamesOf(roleNames).filter((r) => this.#granted.has(r));
    // Permissions with a check function are costly, so every role is tried without them first.
    for (const withCheck of [false, true]) {
      for (const role of roles) {
        for (const p of this.#granted.get(role)!) {
          if (!!p.check !== withCheck) continue;
          if (await this.#test(p, permission, cls, opts)) return true;
        }
      }
    }
    return false;
  }

  async #test(
    p: Permission,
    permission: string,
    cls: string | undefined,
    q: PermissionQuery,
  ): Promise<boolean> {
    const propOk = q.property === undefined || !p.properties?.length ||
      p.properties.includes(q.property);
    if (p.name !== permission || !propOk) return false;
    if (p.klass !== undefined && p.klass !== cls) return false;
    if (q.itemId === undefined || !p.check) return true;
    return await CHECKS[p.check]!({ ...q, itemId: q.itemId });
  }

  /** Property names a permission is limited to that its class does not have. */
  invalidProperties(p: Permission): string[] {
    const def = this.#classes.get(p.klass ?? "");
    if (!def) return [];
    return (p.properties ?? []).filter((n) => n !== "id" && !def.props.has(n));
  }

  /**
   * The text `roundup-admin security [role]` prints; NotFoundError for an unknown role.
   * @example security.formatSecurity("anonymous")
   */
  formatSecurity(
    role?: string,
    opts: { newWebUserRoles?: string; newEmailUserRoles?: string } = {},
  ): string {
    const lines: string[] = [];
    let names: string[];
    if (role !== undefined) {
      if (!this.#roles.has(role.toLowerCase())) {
        throw new NotFoundError(`No such Role "${role}"`);
      }
      names = [role.toLowerCase()];
    } else {
      const newRoles = (who: string, value = "User") =>
        `New ${who} users get the Role${
          value.includes(",") ? "s" : ""
        } "${value}"`;
      lines.push(
        newRoles("Web", opts.newWebUserRoles),
        newRoles("Email", opts.newEmailUserRoles),
      );
      names = [...this.#roles.keys()].sort();
    }
    for (const name of names) {
      lines.push(`Role "${name}":`);
      for (const p of this.permissionsOf(name)) {
        lines.push(formatPermission(p));
        const bad = this.invalidProperties(p);
        if (bad.length) {
          // Roundup stops listing at the first permission naming a missing property.
          const list = bad.map((n) => `'${n}'`).join(", ");
          lines.push(`\n  **Invalid properties for ${p.klass}: [${list}]\n`);
          return lines.join("\n") + "\n";
        }
      }
    }
    return lines.join("\n") + "\n";
  }
}

function formatPermission(p: Permission): string {
  if (!p.klass) return ` ${p.description} (${p.name})`;
  const props = p.properties?.length ? `: ${pyTuple(p.properties)}` : "";
  return ` ${p.description} (${p.name} for "${p.klass}"${props} only)`;
}
