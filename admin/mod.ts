/**
 * @module
 * `roundup admin`: Roundup's roundup-admin. Options -i/-u/-d/-c/-s/-S/-P/-V/-v/-h, one command
 * from the command line (committed when it succeeds, nothing kept when it fails) or the
 * interactive `roundup>` shell reading standard input.
 */
import {
  type Command,
  type CommandContext,
  UsageError,
  VERSION,
} from "../cli.ts";
import {
  InvalidValueError,
  isStoreError,
  PermissionError,
} from "../store/mod.ts";
import { tokenize } from "./args.ts";
import { COMMANDS, findCommands } from "./commands/mod.ts";
import { commandHelp, usageBlock } from "./format.ts";
import { commandList } from "./commands/help.ts";
import { parseOptions } from "./options.ts";
import { command as pragmaCommand } from "./commands/pragma.ts";
import { createContext, messageOf, TrackerError } from "./context.ts";
import { ExportFileError } from "./transfer/mod.ts";
import type { AdminCommand, AdminContext } from "./types.ts";

/** The version `-v` and the shell banner report. */
export const ADMIN_VERSION = VERSION;

// Files and directories named on the command line that cannot be used (the user can fix it).
const FILE_ERRORS = [
  Deno.errors.NotFound,
  Deno.errors.PermissionDenied,
  Deno.errors.AlreadyExists,
  Deno.errors.NotADirectory,
  Deno.errors.IsADirectory,
  Deno.errors.FilesystemLoop,
  Deno.errors.NotCapable,
];

/** True for errors a user can act on; anything else is a bug in this program. */
export function isExpectedError(e: unknown): boolean {
  return isStoreError(e) || e instanceof UsageError ||
    e instanceof TrackerError || e instanceof ExportFileError ||
    FILE_ERRORS.some((k) => e instanceof k);
}

/** Reports a bug: one line saying so, the stack on standard error. */
function internalError(ctx: { io: AdminContext["io"] }, e: unknown): number {
  ctx.io.out(`Error: internal error (a bug): ${messageOf(e)}\n`);
  ctx.io.err(`${e instanceof Error && e.stack ? e.stack : String(e)}\n`);
  return 1;
}

/** Prints a failed command's error: the message, then (for wrong input) its usage. */
function report(ctx: AdminContext, cmd: AdminCommand, e: unknown): number {
  if (!isExpectedError(e)) return internalError(ctx, e);
  let text = messageOf(e);
  if (ctx.pragmas.verbose) {
    for (let c = (e as Error)?.cause; c; c = (c as Error).cause) {
      text += `\n  because: ${messageOf(c)}`;
    }
  }
  if (e instanceof TrackerError || e instanceof PermissionError) {
    ctx.io.out(`Error: ${text}\n`);
  } else ctx.io.out(`\nError: ${text}\n\n${usageBlock(cmd)}`);
  return 1;
}

/** Runs one command line (already split into words); returns its exit status. */
export async function runCommand(
  ctx: AdminContext,
  args: string[],
): Promise<number> {
  const name = args[0]!;
  if (name === "morehelp") {
    ctx.io.out(
      commandHelp(findCommands("help")[0]!) + commandList(ctx.commands),
    );
    return await runCommand(ctx, ["help", "all"]);
  }
  const matches = findCommands(name, ctx.commands);
  if (matches.length === 0) {
    ctx.io.out(
      `Unknown command "${name}": "help commands" lists the commands\n`,
    );
    return 1;
  }
  if (matches.length > 1) {
    ctx.io.out(
      `Command "${name}" is ambiguous; it matches: ${
        matches.map((c) => c.name).join(", ")
      }\n`,
    );
    return 1;
  }
  const cmd = matches[0]!;
  const wasDirty = ctx.dirty;
  if (ctx.pragmas._reopen_tracker && !wasDirty) ctx.close();
  const mark = ctx.savepoint();
  try {
    const code = await cmd.run(args.slice(1), ctx);
    // Like Roundup, "help" given in full always succeeds.
    return name === "help" ? 0 : code;
  } catch (e) {
    // A failing command leaves none of its own changes behind; earlier pending ones stay.
    await ctx.rollbackTo(mark);
    return report(ctx, cmd, e);
  }
}

/** The interactive shell: reads command lines until end of input, exit or quit. */
export async function shell(ctx: AdminContext): Promise<number> {
  ctx.io.out(
    `Roundup ${ADMIN_VERSION} admin shell, ready for commands.\nType "help" for help.\n`,
  );
  ctx.io.out(
    'Line editing is not available; "readline history" lists the lines entered.\n',
  );
  for (;;) {
    let line = await ctx.io.readLine("roundup> ");
    if (line === null) {
      ctx.io.out("exit...\n");
      break;
    }
    if (!line) continue;
    const recall = /^!(\d+)(:p)?$/.exec(line.trim());
    if (recall) {
      const old = ctx.history[Number(recall[1]) - 1];
      if (old === undefined) {
        ctx.io.out(`There is no line ${recall[1]} in the history\n`);
        continue;
      }
      if (recall[2]) {
        ctx.io.out(old + "\n");
        continue;
      }
      line = old;
    }
    ctx.history.push(line);
    const max = ctx.pragmas.history_length;
    if (max >= 0 && ctx.history.length > max) {
      ctx.history.splice(0, ctx.history.length - max);
    }
    let words: string[];
    try {
      words = tokenize(line);
    } catch (e) {
      if (!(e instanceof InvalidValueError)) throw e;
      ctx.io.out(`Error: ${messageOf(e)}\n`);
      continue;
    }
    if (words.length === 0) continue;
    if (words.length === 1 && ["q", "quit", "exit"].includes(words[0]!)) break;
    await runCommand(ctx, words);
  }
  if (ctx.dirty) {
    const answer = await ctx.io.readLine(
      "There are unsaved changes. Commit them (y/N)? ",
    );
    // Like Roundup, y commits, any other answer discards, and no answer at all (end of
    // input) discards and fails.
    if (answer === null) {
      ctx.io.err(
        "\nError: No answer at end of input, so the changes were not saved\n",
      );
      return 1;
    }
    if (answer.trim().toLowerCase().startsWith("y")) {
      return await runCommand(ctx, ["commit"]);
    }
  }
  return 0;
}

/** Runs `roundup admin ARGS`; tests pass a fixed clock. */
export async function runAdmin(
  args: string[],
  cctx: CommandContext,
  opts: { now?: () => number } = {},
): Promise<number> {
  const o = parseOptions(args, cctx);
  if (typeof o === "number") return o;
  const ctx = createContext({
    ...o,
    io: cctx.io,
    env: cctx.env,
    commands: COMMANDS,
    now: opts.now,
  });
  for (const p of o.pragmas) {
    // Like Roundup, a bad -P is reported and the run goes on.
    try {
      await pragmaCommand.run([p], ctx);
    } catch (e) {
      ctx.io.out(`\n${messageOf(e)}\n\n`);
    }
  }
  try {
    if (o.rest.length === 0) return await shell(ctx);
    let code = await runCommand(ctx, o.rest);
    if (code === 0 && ctx.dirty) {
      try {
        await ctx.commit();
      } catch (e) {
        if (!isExpectedError(e)) return internalError(ctx, e);
        ctx.io.out(`Error: Cannot save the changes: ${messageOf(e)}\n`);
        code = 1;
      }
    }
    return code;
  } catch (e) {
    if (!isExpectedError(e)) return internalError(ctx, e);
    ctx.io.out(`Error: ${messageOf(e)}\n`);
    return 1;
  } finally {
    ctx.close();
  }
}

/** `roundup admin ARGS`. */
export const adminCommand: Command = {
  name: "admin",
  summary: "administer a tracker (Roundup's roundup-admin)",
  usage:
    "roundup admin [-i HOME] [-u USER[:PASSWORD]] [-d] [-c | -s | -S SEP] [COMMAND ARGS...]",
  run: (args, cctx) => runAdmin(args, cctx),
};
