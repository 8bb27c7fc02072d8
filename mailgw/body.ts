/**
 * The text of incoming mail as a msg keeps it: sections are split at blank lines; quoting
 * sections ("> ..." or "| ...") go unless keep_quoted_text says otherwise, and with them the
 * "X wrote:" lines that introduce them; a short signature section at the end and everything
 * from an Outlook "-----Original Message-----" line on go too. The summary is the first line,
 * or the first sentence when that is longer, of the first section that is not only quoting.
 */
import { configValue } from "../tracker/config.ts";
import { pythonRegExp } from "./subject.ts";

/** A [mailgw] yes/no/new option: always, never, or only for mail that creates an item. */
export type YesNoNew = "yes" | "no" | "new";

/** The [mailgw] settings that shape a msg's text; Roundup's defaults apply when left out. */
export interface BodyOptions {
  keepQuotedText?: YesNoNew;
  leaveBodyUnchanged?: YesNoNew;
  /** The mail creates a new item ("new" settings apply). */
  isNew?: boolean;
  /** Python regular expressions, as config.ini holds them. */
  eolRe?: string;
  blanklineRe?: string;
  signRe?: string;
  origmsgRe?: string;
}

/** A msg's summary and its content after stripping. */
export interface ParsedBody {
  summary: string;
  content: string;
}

const DEFAULTS = {
  eolRe: String.raw`[\r\n]+`,
  blanklineRe: String.raw`[\r\n]+\s*[\r\n]+`,
  signRe: String.raw`^[>|\s]*-- ?$`,
  origmsgRe: String.raw`^[>|\s]*-----\s?Original Message\s?-----$`,
};

function applies(value: YesNoNew | undefined, isNew: boolean, dflt: YesNoNew) {
  const v = value ?? dflt;
  return v === "yes" || (v === "new" && isNew);
}

const quoting = (line: string | undefined) =>
  !!line && (line[0] === ">" || line[0] === "|");

/**
 * Strips quotes and signature from mail text and finds its summary.
 * @example parseBody("Fixed.\n\n> old text\n\n-- \nJoe\nACME", { keepQuotedText: "no" })
 * // { summary: "Fixed.", content: "Fixed." }
 */
export function parseBody(text: string, opts: BodyOptions = {}): ParsedBody {
  const isNew = !!opts.isNew;
  const keepQuotes = applies(opts.keepQuotedText, isNew, "yes");
  const keepBody = applies(opts.leaveBodyUnchanged, isNew, "no");
  const eol = pythonRegExp(opts.eolRe ?? DEFAULTS.eolRe);
  const blank = pythonRegExp(opts.blanklineRe ?? DEFAULTS.blanklineRe);
  // Python's re.match: anchored at the start of the line only.
  const signature = pythonRegExp(`^(?:${opts.signRe ?? DEFAULTS.signRe})`);
  const original = pythonRegExp(
    `^(?:${opts.origmsgRe ?? DEFAULTS.origmsgRe})`,
  );

  const start = text.search(/[^\r\n]/);
  const sections = (start > 0 ? text.slice(start) : text).split(blank);
  let lastNonEmpty = sections.length - 1;
  while (lastNonEmpty > 0 && !sections[lastNonEmpty]) lastNonEmpty--;

  let summary = "";
  const kept: string[] = [];
  for (const [ns, whole] of sections.entries()) {
    let section = whole;
    if (!section) continue;
    let lines = section.split(eol);
    const quote1st = quoting(lines[0]);
    if (quote1st || quoting(lines[1])) {
      // A plain first line of a later section stays, unless it introduces the quote ("X wrote:").
      if (
        ns && !quote1st && lines[0] && !keepQuotes && !lines[0].endsWith(":")
      ) {
        kept.push(lines[0]);
      }
      // A reply typed straight after the quote, with no blank line between them.
      const reply = lines.slice(1).findIndex((l) => l && !quoting(l));
      if (reply < 0) {
        if (keepQuotes) kept.push(section);
        continue;
      }
      if (!keepQuotes) lines = lines.slice(reply + 1);
      section = lines.join("\n");
    }
    const first = lines[0] ?? "";
    if (!summary) {
      summary = section;
    } else if (
      ns === lastNonEmpty && signature.test(first) && lines.length >= 2 &&
      lines.length <= 10
    ) {
      break;
    } else if (original.test(first)) {
      break;
    }
    kept.push(section);
  }
  // Roundup keeps whichever of the first sentence and the first line sorts last.
  const sentence = /^([^!?.]+[!?.])/.exec(summary)?.[1] ?? "";
  const firstLine = summary.split(eol)[0] ?? "";
  return {
    summary: sentence > firstLine ? sentence : firstLine,
    content: keepBody ? text : kept.join("\n\n"),
  };
}

/** The body options of a tracker's [mailgw] section. */
export function bodyOptions(
  config: { get(section: string, name: string): string },
  isNew: boolean,
): BodyOptions {
  const get = (name: string) => configValue(config, "mailgw", name);
  return {
    isNew,
    keepQuotedText: (get("keep_quoted_text") as YesNoNew) || "yes",
    leaveBodyUnchanged: (get("leave_body_unchanged") as YesNoNew) || "no",
    eolRe: get("eol_re") || undefined,
    blanklineRe: get("blankline_re") || undefined,
    signRe: get("sign_re") || undefined,
    origmsgRe: get("origmsg_re") || undefined,
  };
}
