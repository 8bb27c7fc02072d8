/** The contract between the admin shell and its commands. */
import type { Io } from "../cli.ts";
import type { Session } from "../store/mod.ts";
import type { Tracker } from "../tracker/home.ts";

/** What every admin command gets. */
export interface AdminContext {
  io: Io;
  env: Record<string, string | undefined>;
  /** Tracker home from -i or TRACKER_HOME (null when neither is given). */
  home: string | null;
  /** Opens (once) and returns the tracker; throws a clear error when there is none. */
  tracker(): Promise<Tracker>;
  /** The pending batch of changes: writes go here and are committed by `commit` or at the end. */
  session(): Promise<Session>;
  /** -c / -s / -S: print lists joined by this separator instead of one per line (null: default output). */
  separator: string | null;
  /** -d: print full designators (issue12) instead of bare ids. */
  designators: boolean;
  /** The user (id) the -u / ROUNDUP_LOGIN option named, checked against permissions; "1" (admin) by default. */
  userId(): Promise<string>;
  /** Clock for tests. */
  now(): number;
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
