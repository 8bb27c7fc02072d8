/** The options of `roundup admin` before its command: getopt-style "i:u:hcdP:sS:vV". */
import { type CommandContext, VERSION } from "../cli.ts";
import { COMMANDS } from "./commands/mod.ts";
import { usageText } from "./commands/help.ts";

/** What the options set; `rest` is the command and its arguments. */
export interface AdminOptions {
  home: string | null;
  login: string | null;
  separator: string | null;
  designators: boolean;
  verbose: boolean;
  pragmas: string[];
  rest: string[];
}

/** getopt-style parsing of "i:u:hcdP:sS:vV"; returns an exit code when the options end the run. */
export function parseOptions(
  args: string[],
  cctx: CommandContext,
): AdminOptions | number {
  const o: AdminOptions = {
    home: cctx.env.TRACKER_HOME || null,
    login: cctx.env.ROUNDUP_LOGIN || null,
    separator: null,
    designators: false,
    verbose: false,
    pragmas: [],
    rest: [],
  };
  const problem = (text: string) => {
    cctx.io.out(usageText(COMMANDS, text));
    return 1;
  };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a.startsWith("--")) return problem(`Unknown option ${a}`);
    for (let j = 1; j < a.length; j++) {
      const flag = a[j]!;
      if ("iuPS".includes(flag)) {
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (value === undefined) {
          return problem(`Option -${flag} needs a value`);
        }
        if (flag === "i") o.home = value;
        else if (flag === "u") o.login = value;
        else if (flag === "P") o.pragmas.push(value);
        else if (o.separator !== null) {
          return problem("Give only one of -c, -s and -S");
        } else o.separator = value;
        break;
      }
      if (flag === "h") {
        cctx.io.out(usageText(COMMANDS));
        return 0;
      }
      if (flag === "v") {
        cctx.io.out(`${VERSION} (Deno ${Deno.version.deno})\n`);
        return 0;
      }
      if (flag === "c" || flag === "s") {
        if (o.separator !== null) {
          return problem("Give only one of -c, -s and -S");
        }
        o.separator = flag === "c" ? "," : " ";
      } else if (flag === "d") o.designators = true;
      else if (flag === "V") o.verbose = true;
      else return problem(`Unknown option -${flag}`);
    }
  }
  o.rest = args.slice(i);
  // The user guide's `roundup-admin -ds ' ' get …`: a blank word after -s is its separator.
  if (o.separator === " " && o.rest.length > 1 && o.rest[0]!.trim() === "") {
    o.rest.shift();
  }
  return o;
}
