/** The ParseContext for web input: the request's user timezone, key lookups, existence checks. */
import { type ClassDef, NotFoundError, type PropDef } from "../store/mod.ts";
import type { ParseContext } from "../store/props/mod.ts";
import type { Tracker } from "../tracker/home.ts";

/** A ParseContext for one property of `cls`, as `tz` sees dates. */
export function parseContextFor(
  t: Tracker,
  cls: ClassDef,
  prop: PropDef,
  opts: { tz: string; current?: unknown },
): ParseContext {
  return {
    cls,
    prop,
    schema: t.schema,
    now: t.db.core.now(),
    tz: /^[+-]?\d+(\.\d+)?$/.test(opts.tz) ? Number(opts.tz) : opts.tz,
    current: opts.current,
    async lookup(c, key) {
      try {
        return await t.db.cls(c).lookup(key);
      } catch (e) {
        if (e instanceof NotFoundError || e instanceof TypeError) return null;
        throw e;
      }
    },
    exists: (c, id) => t.db.cls(c).exists(id),
    hash: undefined,
  };
}
