/** Reading the tracker's config.ini from the mail gateway, with fallbacks for unset options. */
import { configValue } from "../tracker/config.ts";
import type { Tracker } from "../tracker/home.ts";

/** A config.ini value, or `fallback` when it is empty, unset or unknown. */
export function setting(
  t: Tracker,
  section: string,
  name: string,
  fallback = "",
): string {
  return configValue(t.config, section, name, fallback);
}

/** A yes/no config.ini value; unset counts as `fallback`. */
export function flag(
  t: Tracker,
  section: string,
  name: string,
  fallback = false,
): boolean {
  const v = setting(t, section, name);
  return v ? /^(yes|true|on|1)$/i.test(v.trim()) : fallback;
}
