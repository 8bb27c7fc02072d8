/** Building the AdminContext: the tracker opened once, the -u login, permissions, the pending session. */
import { UsageError } from "../cli.ts";
import type { Io } from "../cli.ts";
import { NotFoundError, type Session } from "../store/mod.ts";
import { verifyPassword } from "../store/password.ts";
import { openTracker, type Tracker } from "../tracker/home.ts";
import type { AdminCommand, AdminContext, Pragmas } from "./types.ts";

/** A user lacks the permission a command needs. */
export class PermissionError extends Error {
  override name = "PermissionError";
}

/** The tracker could not be opened (printed without the command's usage). */
export class TrackerError extends Error {
  override name = "TrackerError";
}

/** The shell settings a new context starts with. */
export function defaultPragmas(): Pragmas {
  return {
    display_header: false,
    display_protected: false,
    history_features: 0,
    history_length: -1,
    indexer_backend: "as set in config.ini",
    savepoint_limit: 10000,
    show_retired: "no",
    verbose: false,
    _reopen_tracker: false,
    _inttest: 3,
    _floattest: 3.5,
  };
}

/** What createContext() needs from the command line. */
export interface ContextOptions {
  io: Io;
  env: Record<string, string | undefined>;
  home: string | null;
  /** -u or ROUNDUP_LOGIN, as "name" or "name:password" (null: the admin, unchecked). */
  login: string | null;
  separator?: string | null;
  designators?: boolean;
  verbose?: boolean;
  commands: readonly AdminCommand[];
  now?: () => number;
  /** Opens a tracker home (tests may inject one). */
  open?: typeof openTracker;
}

const VERBS: Record<string, string> = {
  Create: "create",
  Edit: "edit",
  Retire: "retire",
  Restore: "restore",
  View: "view",
};

/** Creates the context one admin run shares across its commands. */
export function createContext(o: ContextOptions): AdminContext {
  const open = o.open ?? openTracker;
  const now = o.now ?? Date.now;
  let tracker: Tracker | null = null;
  let session: Session | null = null;
  let user:
    | { id: string; name: string; roles: string; tz: string | null }
    | null = null;
  const login = o.login === null ? null : splitLogin(o.login);

  async function openOnce(home: string): Promise<Tracker> {
    let t: Tracker;
    try {
      t = await open(home, { now });
    } catch (e) {
      throw new TrackerError(
        `Cannot open the tracker at "${home}": ${messageOf(e)}`,
        { cause: e },
      );
    }
    if (!login) return t;
    const u = await loginUser(t, login.name, login.password).catch((e) => {
      t.close();
      throw e;
    });
    user = u;
    if (u.id === t.db.actor) return t;
    t.close();
    return await open(home, { now, actor: u.id });
  }

  const ctx: AdminContext = {
    io: o.io,
    env: o.env,
    home: o.home,
    separator: o.separator ?? null,
    designators: o.designators ?? false,
    verbose: o.verbose ?? false,
    pragmas: defaultPragmas(),
    commands: o.commands,
    history: [],
    now,
    async requireHome() {
      while (!ctx.home) {
        const answer = await ctx.io.readLine("Enter tracker home: ");
        if (answer === null) {
          throw new UsageError(
            "No tracker home given: use -i HOME or set TRACKER_HOME",
          );
        }
        ctx.home = answer.trim() || null;
      }
      return ctx.home;
    },
    async tracker() {
      tracker ??= await openOnce(await ctx.requireHome());
      return tracker;
    },
    async session() {
      session ??= (await ctx.tracker()).db.session();
      return session;
    },
    async commit() {
      if (session) await session.commit();
    },
    rollback() {
      session?.rollback();
    },
    savepoint() {
      return session?.savepoint() ?? 0;
    },
    async rollbackTo(mark: number) {
      await session?.rollbackTo(mark);
    },
    get dirty() {
      return session?.dirty ?? false;
    },
    close() {
      tracker?.close();
      tracker = null;
      session = null;
    },
    async userId() {
      await ctx.tracker();
      return user?.id ?? "1";
    },
    async requirePermission(permission, cls, opts = {}) {
      const t = await ctx.tracker();
      if (!user) return;
      const allowed = await t.security.hasPermission(
        user.roles,
        permission,
        cls,
        {
          ...opts,
          userId: user.id,
          db: t.db,
        },
      );
      if (allowed) return;
      const what = opts.itemId ? `${cls}${opts.itemId}` : `${cls} items`;
      const prop = opts.property ? ` (property "${opts.property}")` : "";
      throw new PermissionError(
        `Permission denied: user "${user.name}" may not ${
          VERBS[permission] ?? permission
        } ${what}${prop}`,
      );
    },
    async timezone() {
      const t = await ctx.tracker();
      if (user?.tz) return user.tz;
      const own = user
        ? null
        : await t.db.cls("user").get("1", "timezone").catch(() => null);
      if (typeof own === "string" && own.trim()) return own.trim();
      try {
        return t.config.get("main", "timezone") || "UTC";
      } catch {
        return "UTC";
      }
    },
  };
  return ctx;
}

function splitLogin(text: string): { name: string; password: string | null } {
  const i = text.indexOf(":");
  return i < 0
    ? { name: text, password: null }
    : { name: text.slice(0, i), password: text.slice(i + 1) };
}

async function loginUser(
  t: Tracker,
  name: string,
  password: string | null,
): Promise<{ id: string; name: string; roles: string; tz: string | null }> {
  const users = t.db.cls("user");
  let id: string;
  try {
    id = await users.lookup(name);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    throw new TrackerError(`Cannot log in as "${name}": there is no such user`);
  }
  const item = await users.getItem(id);
  if (password !== null) {
    const stored = typeof item.password === "string" ? item.password : "";
    if (
      !stored || !(await verifyPassword(password, stored).catch(() => false))
    ) {
      throw new TrackerError(`Cannot log in as "${name}": wrong password`);
    }
  }
  const tz = typeof item.timezone === "string" && item.timezone.trim()
    ? item.timezone.trim()
    : null;
  return {
    id,
    name,
    roles: typeof item.roles === "string" ? item.roles : "",
    tz,
  };
}

/** An error's message, or the value itself as text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
