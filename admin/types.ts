/** The contract between the admin shell and its commands. */
import type { Io } from "../cli.ts";
import type { Session } from "../store/mod.ts";
import type { Actor } from "../tracker/actor.ts";
import type { Tracker } from "../tracker/home.ts";

/** The shell's settings, changed with `pragma name=value` or `-P name=value`. */
export interface Pragmas {
  display_header: boolean;
  display_protected: boolean;
  history_features: number;
  history_length: number;
  indexer_backend: string;
  savepoint_limit: number;
  show_retired: "no" | "only" | "both";
  verbose: boolean;
  _reopen_tracker: boolean;
  _inttest: number;
  _floattest: number;
}

/** What every admin command gets. */
export interface AdminContext {
  io: Io;
  env: Record<string, string | undefined>;
  /** Tracker home from -i or TRACKER_HOME (null when neither is given). */
  home: string | null;
  /** The tracker home, asked for on standard input when -i and TRACKER_HOME gave none. */
  requireHome(): Promise<string>;
  /** Opens (once) and returns the tracker; throws a clear error when there is none. */
  tracker(): Promise<Tracker>;
  /** The pending batch of changes: writes go here and are committed by `commit` or at the end. */
  session(): Promise<Session>;
  /** Writes the pending changes. */
  commit(): Promise<void>;
  /** Forgets the pending changes. */
  rollback(): void;
  /** A mark of the pending changes, and forgetting only what came after it. */
  savepoint(): number;
  rollbackTo(mark: number): Promise<void>;
  /** True when changes are waiting for a commit. */
  readonly dirty: boolean;
  /** Closes the tracker (the next tracker() opens it again, e.g. after initialise). */
  close(): void;
  /** -c / -s / -S: print lists joined by this separator instead of one per line (null: default output). */
  separator: string | null;
  /** -d: print full designators (issue12) instead of bare ids. */
  designators: boolean;
  /** -V: report progress. */
  verbose: boolean;
  /** The shell settings (`pragma`). */
  pragmas: Pragmas;
  /** Who is acting: the -u / ROUNDUP_LOGIN user, else the unchecked (trusted) admin. */
  actor(): Promise<Actor>;
  /** The user (id) the -u / ROUNDUP_LOGIN option named, checked against permissions; "1" (admin) by default. */
  userId(): Promise<string>;
  /**
   * Throws the store's PermissionError unless the -u / ROUNDUP_LOGIN user holds the permission (no login
   * given: the admin, who may do everything).
   */
  requirePermission(
    permission: string,
    cls: string,
    opts?: { property?: string; itemId?: string },
  ): Promise<void>;
  /** The timezone dates are read and printed in: the user's, else the tracker's [main] timezone. */
  timezone(): Promise<string>;
  /** Clock for tests. */
  now(): number;
  /** The command table (for help). */
  commands: readonly AdminCommand[];
  /** Lines entered in the interactive shell so far (for `readline history`). */
  history: string[];
}

/** One roundup-admin command (one file in admin/commands/). */
export interface AdminCommand {
  name: string;
  /** Roundup's syntax line, e.g. "list classname [property]" (printed after "Usage: "). */
  usage: string;
  /** Our own help text (first line is the summary). */
  help: string;
  /** Returns the exit status (0 ok, 1 error); throw UsageError for bad arguments. */
  run(args: string[], ctx: AdminContext): Promise<number>;
}
