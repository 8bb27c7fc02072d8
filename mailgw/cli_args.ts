/** Parsing the `roundup mailgw` command line: Roundup's -c / -C / -S options, home and source. */
import { UsageError } from "../cli.ts";
import type { SetField } from "./props.ts";

export interface MailgwArgs {
  help: boolean;
  version: boolean;
  defaultClass?: string;
  setFields: SetField[];
  /** Tracker home, then the source method and its specification (Roundup's positional form). */
  positionals: string[];
}

const VALUE_OPTIONS = new Set([
  "-c",
  "--default-class",
  "-C",
  "--class",
  "-S",
  "--set-value",
]);

/**
 * Reads the options in order, because `-C class` names the class of the `-S` options that
 * follow it (the form in Roundup's user guide); `-S class.prop=value;prop=value` names it inline.
 */
export function parseMailgwArgs(args: string[]): MailgwArgs {
  const out: MailgwArgs = {
    help: false,
    version: false,
    setFields: [],
    positionals: [],
  };
  let currentClass: string | undefined;
  for (let i = 0; i < args.length; i++) {
    let arg = args[i]!;
    let value: string | undefined;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    if (eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
    if (arg === "-h" || arg === "--help") out.help = true;
    else if (arg === "-v" || arg === "--version") out.version = true;
    else if (VALUE_OPTIONS.has(arg)) {
      value ??= args[++i];
      if (value === undefined) {
        throw new UsageError(`Option ${arg} needs a value`);
      }
      if (arg === "-c" || arg === "--default-class") out.defaultClass = value;
      else if (arg === "-C" || arg === "--class") currentClass = value;
      else out.setFields.push(...parseSetValue(value, currentClass));
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(
        `Unknown option ${arg}: use -c CLASS, -C CLASS, -S [class.]prop=value or -h`,
      );
    } else out.positionals.push(arg);
  }
  return out;
}

/** `[class.]prop=value[;prop=value]` → fields; the class is only given once, at the start. */
export function parseSetValue(text: string, cls?: string): SetField[] {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\.(?=[A-Za-z_][A-Za-z0-9_]*=)/.exec(text);
  const klass = m ? m[1] : cls;
  const rest = m ? text.slice(m[0].length) : text;
  return rest.split(";").filter((p) => p.trim() !== "").map((part) => {
    const at = part.indexOf("=");
    if (at <= 0) {
      throw new UsageError(
        `Cannot read -S "${text}": expected [class.]property=value[;property=value]`,
      );
    }
    const field: SetField = {
      prop: part.slice(0, at).trim(),
      value: part.slice(at + 1).trim(),
    };
    if (klass) field.cls = klass;
    return field;
  });
}
