/** The typed request variables every handler sees, and small helpers on them. */
import type { Context } from "hono";
import type { SessionStore, SignedTokens } from "../store/mod.ts";
import type { Tracker } from "../tracker/home.ts";
import type { Actor } from "./actor.ts";

/** Options of one tracker's app. */
export interface AppOptions {
  /** URL path the tracker is served under, without a trailing slash: "/demo" ("" for the root). */
  base?: string;
  /** True when served over TLS: cookies get Secure. */
  tls?: boolean;
  /** Where error details (stacks) go; default: nowhere. */
  log?: (line: string) => void;
  /** Clock, for tests. */
  now?: () => number;
}

/** Request variables. */
export interface Vars {
  tracker: Tracker;
  sessions: SessionStore;
  /** Signs and checks the `@csrf` form tokens. */
  tokens: SignedTokens;
  actor: Actor;
  /**
   * The browser session id (the cookie's value), or null when the request has none. An
   * anonymous visitor's id need not be stored: it only binds their form tokens.
   */
  sid: string | null;
  /** The tracker's URL path without a trailing slash. */
  base: string;
  requestId: string;
  opts: AppOptions;
}

/** Hono environment of a tracker app. */
export type Env = { Variables: Vars };

/** A handler context of a tracker app. */
export type Ctx = Context<Env>;

/** The session cookie's name, as Roundup names it (tracker name without non-word characters). */
export function cookieName(t: Tracker): string {
  const name = (t.config.get("tracker", "name") || "Roundup").replace(
    /[^A-Za-z0-9]/g,
    "",
  );
  return `roundup_session_${name}`;
}
