import { UsageError } from "../../cli.ts";
import { booleanOf } from "../../store/props/mod.ts";
import { pyFloat } from "../format.ts";
import type { AdminCommand, AdminContext, Pragmas } from "../types.ts";

const HELP: Record<keyof Pragmas, string> = {
  display_header:
    "display prints a [designator (active|retired)] heading before each item.",
  display_protected:
    "display and specification also show id, creation, activity, creator and actor.",
  history_features:
    "Bits that switch shell history off: 1 do not load it, 2 do not save it,\n" +
    "4 do not load the init file (0, the default, keeps everything on).",
  history_length: "How many lines of shell history to keep (-1: no limit).",
  indexer_backend: "The full-text indexer reindex would use (not used yet).",
  savepoint_limit: "How many rows import writes per commit.",
  show_retired:
    "Which items table and list show: no (live ones), only (retired ones) or both.",
  verbose: "Print more: progress, and the descriptions in pragma list.",
  _reopen_tracker: "Open the tracker again before every command.",
  _inttest: "A whole-number setting, for tests only.",
  _floattest: "A decimal setting, for tests only.",
};

function show(v: unknown): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number" && !Number.isInteger(v)) return pyFloat(v);
  return String(v);
}

function list(ctx: AdminContext): void {
  const verbose = ctx.pragmas.verbose;
  let out = "Current settings and their values:\n";
  for (const key of Object.keys(ctx.pragmas).sort() as Array<keyof Pragmas>) {
    if (key.startsWith("_") && !verbose) continue;
    out += `   ${key}=${show(ctx.pragmas[key])}\n`;
    if (verbose) out += `      ${HELP[key].replaceAll("\n", "\n      ")}\n\n`;
  }
  ctx.io.out(out);
}

/** Sets one pragma from "name=value" text; UsageError naming a bad name or value. */
export function setPragma(ctx: AdminContext, text: string): void {
  const eq = text.indexOf("=");
  const name = text.slice(0, eq) as keyof Pragmas;
  const value = text.slice(eq + 1);
  if (!Object.hasOwn(ctx.pragmas, name)) {
    throw new UsageError(
      `Unknown setting "${name}": "pragma list" shows the settings`,
    );
  }
  const p = ctx.pragmas as unknown as Record<string, unknown>;
  const old = p[name];
  const bad = (what: string) =>
    new UsageError(`Cannot set ${name} to "${value}": expected ${what}`);
  if (typeof old === "boolean") {
    const b = booleanOf(value);
    if (b === undefined) {
      throw bad("yes or no, true or false, on or off, 1 or 0");
    }
    p[name] = b;
  } else if (typeof old === "number") {
    const integer = Number.isInteger(old) && name !== "_floattest";
    if (
      !(integer ? /^\s*[+-]?\d+\s*$/ : /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/).test(
        value,
      )
    ) {
      throw bad(integer ? "a whole number" : "a number");
    }
    p[name] = Number(value);
  } else if (name === "show_retired") {
    if (!["no", "only", "both"].includes(value)) throw bad("no, only or both");
    p[name] = value;
  } else p[name] = value;
  if (name === "history_length" && ctx.pragmas.history_length >= 0) {
    ctx.history.splice(
      0,
      Math.max(0, ctx.history.length - ctx.pragmas.history_length),
    );
  }
}

export const command: AdminCommand = {
  name: "pragma",
  usage: "pragma setting=value | 'list'",
  help: `Change a setting of this admin session, or list the settings.

Examples:

    pragma verbose=yes
    pragma show_retired=both
    pragma list

Boolean settings take yes/no, true/false, on/off or 1/0. With
verbose on, pragma list also shows hidden settings and what each
setting does. -P setting=value on the command line does the same
before the command runs.`,
  run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give setting=value or list");
    }
    if (!args[0]!.includes("=")) {
      if (args[0] !== "list") {
        throw new UsageError(
          `Expected setting=value or list, not "${args[0]}"`,
        );
      }
      list(ctx);
    } else setPragma(ctx, args[0]!);
    return Promise.resolve(0);
  },
};
