import type { ConfigOption, ConfigSection } from "./_config_options.ts";
import { allowedValues } from "./_config_value.ts";
import { type IniDocument, rawValue } from "./_ini.ts";

/** What the renderer needs to know beyond the raw file values. */
export interface RenderContext {
  doc: IniDocument;
  sections: readonly ConfigSection[];
  /** Comment lines for the top of the file, without "# ". */
  header: readonly string[];
  /** Raw text to write for an option not set in the file; undefined when it must be set. */
  fallback(option: ConfigOption): string | undefined;
}

/** Escapes a value for the ini file: "%" doubles, as configparser expects. */
export function escapeValue(value: string): string {
  return value.replaceAll("%", "%%");
}

function comment(text: string): string {
  return text.split("\n").map((line) => `# ${line}`.trimEnd() + "\n").join("");
}

// Continuation lines are indented so that they read back as one value.
function assignment(name: string, raw: string): string {
  return `${name} = ${raw.replaceAll("\n", "\n\t")}\n`;
}

function renderOption(ctx: RenderContext, option: ConfigOption): string {
  const fromFile = rawValue(ctx.doc, option.section, option.name);
  const fallback = ctx.fallback(option);
  const allowed = allowedValues(option);
  let out = "\n" + comment(option.help);
  if (allowed) out += comment(allowed);
  out += `# Default: ${option.required ? "NO DEFAULT" : fallback}\n`;
  const raw = fromFile ?? fallback;
  // An option that must be set stays commented out until it is.
  return out +
    (raw === undefined
      ? `#${option.name} = NO DEFAULT\n`
      : assignment(option.name, raw));
}

function renderExtras(
  values: Map<string, string>,
  known: ReadonlySet<string>,
): string {
  let out = "";
  for (const [name, raw] of values) {
    if (!known.has(name)) out += "\n" + assignment(name, raw);
  }
  return out;
}

/**
 * Writes an ini file in Roundup's layout: each option with its help and default
 * as comments, then options the layout does not know, then unknown sections.
 */
export function renderIni(ctx: RenderContext): string {
  let out = ctx.header.length ? comment(ctx.header.join("\n")) : "";
  if (ctx.doc.defaults.size) {
    out += "\n[DEFAULT]\n" + renderExtras(ctx.doc.defaults, new Set());
  }
  for (const section of ctx.sections) {
    out += "\n" + (section.help ? comment(section.help) : "") +
      `[${section.name}]\n`;
    for (const option of section.options) {
      out += renderOption(ctx, { section: section.name, ...option });
    }
    const values = ctx.doc.sections.get(section.name);
    if (values) {
      out += renderExtras(
        values,
        new Set(section.options.map((o) => o.name)),
      );
    }
  }
  const layoutNames = new Set(ctx.sections.map((s) => s.name));
  for (const [name, values] of ctx.doc.sections) {
    if (!layoutNames.has(name)) {
      out += `\n[${name}]\n` + renderExtras(values, new Set());
    }
  }
  return ctx.header.length ? out : out.replace(/^\n/, "");
}
