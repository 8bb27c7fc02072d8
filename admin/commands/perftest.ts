import { UsageError } from "../../cli.ts";
import {
  DEFAULT_PASSWORD_SCHEME,
  hashPassword,
  PASSWORD_SCHEMES,
  type PasswordScheme,
} from "../../store/password.ts";
import { propArgs } from "../args.ts";
import type { AdminCommand } from "../types.ts";

const SCHEMES =
  `Known schemes (the default first, names are case-sensitive):\n   ${
    [
      DEFAULT_PASSWORD_SCHEME,
      ...PASSWORD_SCHEMES.filter((s) => s !== DEFAULT_PASSWORD_SCHEME),
    ].join(", ")
  }.\n`;

export const command: AdminCommand = {
  name: "perftest",
  usage: "perftest [mode] [arguments]*",
  help: `Measure how long operations take.

The only mode is password (the default), which times hashing one
password and takes:

    [password] [rounds=<integer>] [scheme=<scheme>]

rounds defaults to the tracker's password_pbkdf2_default_rounds and
may contain "," or "." as thousands separators; scheme defaults to
the scheme new passwords get. "scheme=" lists the known schemes.`,
  async run(args, ctx) {
    const rest = args.length && !args[0]!.includes("=") ? args.slice(1) : args;
    const mode = args.length && !args[0]!.includes("=") ? args[0] : "password";
    if (mode !== "password") {
      throw new UsageError(`Unknown mode "${mode}": the only mode is password`);
    }
    const given = Object.fromEntries(propArgs(rest));
    const config = (await ctx.tracker()).config;
    const roundsText = given.rounds ??
      String(config.getInt("main", "password_pbkdf2_default_rounds"));
    const rounds = Number(roundsText.replace(/[,.]/g, ""));
    if (!/^\d+$/.test(roundsText.replace(/[,.]/g, ""))) {
      ctx.io.out(`The rounds must be a whole number, not "${roundsText}".\n`);
      return 0;
    }
    if (rounds < 1000) {
      ctx.io.out("The rounds must be at least 1000.\n");
      return 0;
    }
    const scheme = given.scheme ?? DEFAULT_PASSWORD_SCHEME;
    if (!(PASSWORD_SCHEMES as readonly string[]).includes(scheme)) {
      if (scheme) ctx.io.out(`Unknown password scheme "${scheme}".\n`);
      ctx.io.out(SCHEMES);
      return 0;
    }
    const start = performance.now();
    await hashPassword("a fairly long password to hash for timing", {
      rounds,
      scheme: scheme as PasswordScheme,
    });
    const seconds = (performance.now() - start) / 1000;
    const shown = scheme.startsWith("PBKDF2")
      ? String(rounds)
      : "the scheme has no rounds.";
    ctx.io.out(
      `Hash time: ${
        seconds.toFixed(9)
      } seconds, scheme: ${scheme}, rounds: ${shown}\n`,
    );
    return 0;
  },
};
