/**
 * Checking a whole config.ini when a tracker opens, as Roundup does when it loads one: every
 * option the file sets must have a value of its kind, so a typo stops the tracker with one line
 * naming the file, not a request or a mail at some later time.
 */
import { InvalidValueError, isStoreError } from "../store/mod.ts";
import { CONFIG_OPTIONS, type TrackerConfig } from "./config.ts";

/** Throws InvalidValueError naming `file` and the first option whose value cannot be used. */
export function checkConfigValues(config: TrackerConfig, file: string): void {
  for (const o of CONFIG_OPTIONS) {
    // Free text and addresses (completed with [mail] domain, which may be unset yet) need no check.
    if (!o.kind || o.kind === "email" || !config.has(o.section, o.name)) {
      continue;
    }
    try {
      config.get(o.section, o.name);
    } catch (e) {
      if (!isStoreError(e)) throw e;
      throw new InvalidValueError(`Cannot use "${file}": ${e.message}`, {
        cause: e,
      });
    }
  }
}
