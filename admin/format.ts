/** How roundup-admin prints values: Python's str() and repr() forms, as Roundup's output shows them. */
import type { Io } from "../cli.ts";
import type { ClassHandle, PropDef } from "../store/mod.ts";
import { formatDate } from "../store/date.ts";
import { formatInterval, type Interval } from "../store/interval.ts";
import type { AdminCommand, AdminContext } from "./types.ts";

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** Python's repr() of a string: 'text', or "text" when it holds a ' and no ". */
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (ch === q) out += "\\" + q;
    else if (code < 0x20 || code === 0x7f) {
      out += "\\x" + code.toString(16).padStart(2, "0");
    } else out += ch;
  }
  return q + out + q;
}

/** Python's repr() of a float: "2.0", "1.5", "1e+16", "1e-05". */
export function pyFloat(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  const [mantissa, exp] = n.toExponential().split("e") as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    return `${mantissa}e${e < 0 ? "-" : "+"}${
      String(Math.abs(e)).padStart(2, "0")
    }`;
  }
  const text = String(n);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** Python's repr() of a list of strings: ['1', '2']. */
export function pyList(items: string[]): string {
  return `[${items.map(pyRepr).join(", ")}]`;
}

/** A value printed as Roundup's str() shows it: None, True, 2.0, ['1', '2'], dates in `tz`. */
export function formatValue(
  prop: PropDef | undefined,
  value: unknown,
  tz?: string,
): string {
  if (value === null || value === undefined) {
    return prop?.type === "Multilink" ? "[]" : "None";
  }
  switch (prop?.type) {
    case "Multilink":
      return pyList((value as unknown[]).map(String));
    case "Number":
      return pyFloat(Number(value));
    case "Boolean":
      return value ? "True" : "False";
    case "Date":
      return formatDate(value as number, tz);
    case "Interval":
      return formatInterval(value as Interval);
    default:
      if (typeof value === "boolean") return value ? "True" : "False";
      if (Array.isArray(value)) return pyList(value.map(String));
      return String(value);
  }
}

/** A value ready to print: text, or the bytes of a file's content that is not UTF-8 text. */
export type Printed = string | Uint8Array;

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A property value as formatValue() prints it, except that a FileClass item's content that is
 * not UTF-8 text (an image, say) comes as its bytes, to be written unchanged by writeOut().
 */
export async function printedValue(
  h: ClassHandle,
  id: string,
  o: { prop: PropDef; tz?: string },
): Promise<Printed> {
  if (o.prop.name === "content" && h.def.base === "FileClass") {
    const bytes = await h.getContent(id);
    try {
      return STRICT_UTF8.decode(bytes);
    } catch {
      return bytes;
    }
  }
  return formatValue(o.prop, await h.get(id, o.prop.name), o.tz);
}

/** Writes text and bytes in order; bytes go out unchanged where the Io can write bytes. */
export function writeOut(io: Io, parts: Printed[]): void {
  let text = "";
  for (const p of parts) {
    if (typeof p === "string") text += p;
    else if (!io.outBytes) text += new TextDecoder().decode(p);
    else {
      if (text) io.out(text);
      text = "";
      io.outBytes(p);
    }
  }
  if (text) io.out(text);
}

/** Roundup's repr() of a Date: <Date 2026-11-22.00:52:18.185> (UTC). */
export function dateRepr(ms: number): string {
  const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, "0");
  return `<Date ${formatDate(ms, "UTC")}.${frac}>`;
}

/** Prints ids as find and filter do: a Python list, or joined by the -c/-s/-S separator; -d adds the class. */
export function printIds(ctx: AdminContext, cls: string, ids: string[]): void {
  const items = ctx.designators ? ids.map((id) => cls + id) : ids;
  ctx.io.out(
    (ctx.separator !== null ? items.join(ctx.separator) : pyList(items)) + "\n",
  );
}

/** A command's help as `help COMMAND` shows it: the Usage line, then the text. */
export function commandHelp(cmd: AdminCommand): string {
  return `Usage: ${cmd.usage}\n${cmd.help}\n\n`;
}

/** The block printed after "Error: …": the usage line and the text indented, as Roundup shows it. */
export function usageBlock(cmd: AdminCommand): string {
  const body = cmd.help.split("\n").map((l) => (l ? `        ${l}` : "")).join(
    "\n",
  );
  return `Usage: ${cmd.usage}\n${body}\n        \n`;
}

/** Python's str.capitalize(): first letter upper case, the rest lower case. */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}
