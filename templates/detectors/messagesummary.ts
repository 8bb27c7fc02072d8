/**
 * messagesummary: a new msg without a summary gets one made from its content, the way the mail
 * gateway summarises mail (the first line or sentence of the first section that is not quoting).
 */
import type { AuditContext, Db } from "../../store/mod.ts";
import { type DetectorConfig, setting } from "./_detector_config.ts";

/** How parseContent() splits and trims mail text; defaults are Roundup's [mailgw] ones. */
export interface ContentRules {
  /** Keep quoted sections (`[mailgw] keep_quoted_text` read as yes or no). */
  keepQuoted: boolean;
  /** Return the content unchanged (`[mailgw] leave_body_unchanged`). */
  keepBody: boolean;
  eol: RegExp;
  blankLine: RegExp;
  signature: RegExp;
  originalMessage: RegExp;
}

/** Rules with Roundup's default settings. */
export const DEFAULT_RULES: ContentRules = {
  keepQuoted: true,
  keepBody: false,
  eol: /[\r\n]+/,
  blankLine: /[\r\n]+\s*[\r\n]+/,
  signature: /^[>|\s]*-- ?$/,
  originalMessage: /^[>|\s]*-----\s?Original Message\s?-----$/,
};

const isQuote = (line: string | undefined) =>
  !!line && (line[0] === ">" || line[0] === "|");

/**
 * Splits mail text into sections at blank lines and returns the summary (first line, or first
 * sentence when that is longer, of the first section that is not only quoting) and the content
 * with quoting, a trailing signature and an Outlook "Original Message" tail removed.
 */
export function parseContent(
  text: string,
  rules: ContentRules = DEFAULT_RULES,
): { summary: string; content: string } {
  const start = text.search(/[^\r\n]/);
  const sections = (start > 0 ? text.slice(start) : text).split(
    rules.blankLine,
  );
  let lastNonEmpty = sections.length - 1;
  while (lastNonEmpty > 0 && !sections[lastNonEmpty]) lastNonEmpty--;
  let summary = "";
  const kept: string[] = [];
  for (const [ns, original] of sections.entries()) {
    let section = original;
    if (!section) continue;
    let lines = section.split(rules.eol);
    const quote1st = isQuote(lines[0]);
    if (quote1st || isQuote(lines[1])) {
      // A plain first line of a later section stays, unless it introduces the quote ("X wrote:").
      if (ns && !quote1st && lines[0] && !rules.keepQuoted) {
        if (!lines[0].endsWith(":")) kept.push(lines[0]);
      }
      // A reply typed inside the quoted section, with no blank line before it.
      const reply = lines.slice(1).findIndex((l) => l && !isQuote(l));
      if (reply < 0) {
        if (rules.keepQuoted) kept.push(section);
        continue;
      }
      if (!rules.keepQuoted) lines = lines.slice(reply + 1);
      section = lines.join("\n");
    }
    const isLast = ns === lastNonEmpty;
    const first = lines[0] ?? "";
    if (!summary) {
      summary = section;
    } else if (
      isLast && rules.signature.test(first) && lines.length >= 2 &&
      lines.length <= 10
    ) {
      break;
    } else if (rules.originalMessage.test(first)) {
      break;
    }
    kept.push(section);
  }
  const sentence = /^([^!?.]+[!?.])/.exec(summary)?.[1] ?? "";
  const firstLine = summary.split(rules.eol)[0] ?? "";
  return {
    summary: sentence > firstLine ? sentence : firstLine,
    content: rules.keepBody ? text : kept.join("\n\n"),
  };
}

function anchored(source: string): RegExp {
  return new RegExp(`^(?:${source})`);
}

/** The content rules of a tracker's [mailgw] settings, for a message that does not create an item. */
export function contentRules(cfg: DetectorConfig): ContentRules {
  const yes = (name: string, fallback: string) =>
    setting(cfg, "mailgw", name, fallback).toLowerCase() === "yes";
  const re = (name: string, fallback: RegExp) =>
    new RegExp(setting(cfg, "mailgw", name, fallback.source));
  return {
    keepQuoted: yes("keep_quoted_text", "yes"),
    keepBody: yes("leave_body_unchanged", "no"),
    eol: re("eol_re", DEFAULT_RULES.eol),
    blankLine: re("blankline_re", DEFAULT_RULES.blankLine),
    signature: anchored(
      setting(cfg, "mailgw", "sign_re", DEFAULT_RULES.signature.source),
    ),
    originalMessage: anchored(
      setting(
        cfg,
        "mailgw",
        "origmsg_re",
        DEFAULT_RULES.originalMessage.source,
      ),
    ),
  };
}

/** Registers the msg auditor that fills in missing summaries. */
export function init(db: Db, cfg: DetectorConfig): void {
  const rules = contentRules(cfg);
  db.audit("msg", "create", function summaryGenerator(ctx: AuditContext) {
    if ("summary" in ctx.changes || !("content" in ctx.changes)) return;
    const content = ctx.changes.content;
    const text = content instanceof Uint8Array
      ? new TextDecoder().decode(content)
      : String(content ?? "");
    ctx.changes.summary = parseContent(text, rules).summary;
  });
}
