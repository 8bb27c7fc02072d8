/** Building the AdminContext: the tracker opened once, the -u login, permissions, the pending session. */
import { UsageError } from "../cli.ts";
import type { Io } from "../cli.ts";
import { NotFoundError, type Session } from "../store/mod.ts";
import {
  type Actor,
  actorFor,
  actorNamed,
  login as checkLogin,
  trustedActor,
} from "../tracker/actor.ts";
import { openTracker, type Tracker } from "../tracker/home.ts";
import type { AdminCommand, AdminContext, Pragmas } from "./types.ts";

/** The tracker could not be opened (printed without the command's usage). */
export class TrackerError extends Error {
  override name = "TrackerError";
}

function isEngineError(e: unknown): boolean {
  return e instanceof TypeError || e instanceof ReferenceError ||
    e instanceof SyntaxError || e instanceof RangeError;
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

/** Creates the context one admin run shares across its commands. */
export function createContext(o: ContextOptions): AdminContext {
  const open = o.open ?? openTracker;
  const now = o.now ?? Date.now;
  let tracker: Tracker | null = null;
  let session: Session | null = null;
  let actor: Actor | null = null;
  const login = o.login === null ? null : splitLogin(o.login);

  async function openOnce(home: string): Promise<Tracker> {
    let t: Tracker;
    try {
      t = await open(home, { now });
    } catch (e) {
      // A bug stays a bug (reported as one), not a reason the tracker cannot be opened.
      if (isEngineError(e)) throw e;
      throw new TrackerError(
        `Cannot open the tracker at "${home}": ${messageOf(e)}`,
        { cause: e },
      );
    }
    let who: Actor;
    try {
      who = await actorOf(t);
    } catch (e) {
      t.close();
      throw e;
    }
    if (who.trusted || who.userId === t.db.actor) {
      actor = who;
      return t;
    }
    t.close();
    // Reopened so that the journal records the logged-in user as the actor.
    const again = await open(home, { now, actor: who.userId });
    actor = await actorFor(again, who.userId);
    return again;
  }

  async function actorOf(t: Tracker): Promise<Actor> {
    if (!login) return trustedActor(t);
    return login.password === null
      ? await actorNamed(t, login.name)
      : await checkLogin(t, login.name, login.password);
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
    async actor() {
      await ctx.tracker();
      return actor!;
    },
    async userId() {
      return (await ctx.actor()).userId;
    },
    async requirePermission(permission, cls, opts = {}) {
      await (await ctx.actor()).require(permission, cls, opts);
    },
    async timezone() {
      const who = await ctx.actor();
      if (!who.trusted) return who.timezone;
      // The unchecked admin uses user1's timezone as it is now (the shell may change it).
      const t = await ctx.tracker();
      const own = await actorFor(t, "1").catch((e) => {
        if (e instanceof NotFoundError) return null;
        throw e;
      });
      return own?.timezone ?? who.timezone;
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

/** An error's message, or the value itself as text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
