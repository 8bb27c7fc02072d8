/**
 * Reading the subject of incoming mail the way Roundup does: reply and forward markers
 * ("Re:", "Fwd:", "AW:"), a [designator] or [classname] prefix (anywhere, so a mailing list's
 * own [tag] may come first), the title, and a trailing [prop=value;prop=value] suffix.
 */
import { InvalidValueError } from "../store/mod.ts";

/** Roundup's default [mailgw] refwd_re. */
export const DEFAULT_REFWD_RE = String.raw`(\s*\W?\s*(fw|fwd|re|aw|sv|ang)\W)+`;

/** What parseSubject() needs to know about the tracker. */
export interface SubjectOptions {
  /** The tracker's class names; only these are recognised in a prefix. */
  classNames: string[];
  /** [mailgw] refwd_re, a Python regular expression. */
  refwdRe?: string;
  /** [mailgw] subject_suffix_delimiters: the opening and closing character. */
  delimiters?: string;
}

/** The parts of a subject. */
export interface ParsedSubject {
  /** The subject started with a reply or forward marker. */
  isReply: boolean;
  /** The rest was put in double quotes by the mailer. */
  quoted: boolean;
  /** The subject (after markers) starts with a [word] prefix, known or not. */
  hasPrefix: boolean;
  /** The class named in the prefix, spelled as the schema spells it. */
  classname?: string;
  /** The id of a [designator] prefix. */
  nodeid?: string;
  title: string;
  /** Text inside the trailing suffix ("priority=urgent;nosy=+fred"). */
  props?: string;
  /** The suffix with its delimiters ("[priority=urgent]"). */
  propsWhole?: string;
}

const WORD = String.raw`\p{L}\p{N}_`;

/**
 * Compiles a Python regular expression (as config.ini holds them) for JavaScript: (?P<name>)
 * groups, Unicode \w and \W, and with `verbose` Python's re.VERBOSE (blanks and # comments
 * outside classes ignored). Falls back to plain JavaScript syntax when the Unicode form fails.
 */
export function pythonRegExp(
  source: string,
  flags = "",
  verbose = false,
): RegExp {
  const named = source.replace(/\(\?P<(\w+)>/g, "(?<$1>").replace(
    /\(\?P=(\w+)\)/g,
    "\\k<$1>",
  );
  let out = "";
  let inClass = false;
  for (let i = 0; i < named.length; i++) {
    const c = named[i]!;
    if (c === "\\" && i + 1 < named.length) {
      const n = named[++i]!;
      if (n === "w") out += inClass ? WORD : `[${WORD}]`;
      else if (n === "W" && !inClass) out += `[^${WORD}]`;
      else out += "\\" + n;
      continue;
    }
    if (!inClass && verbose && /\s/.test(c)) continue;
    if (!inClass && verbose && c === "#") {
      while (i < named.length && named[i] !== "\n") i++;
      continue;
    }
    if (c === "[" && !inClass) inClass = true;
    else if (c === "]" && inClass) inClass = false;
    out += c;
  }
  try {
    return new RegExp(out, flags + "u");
  } catch {
    return new RegExp(named, flags);
  }
}

function escape(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/**
 * Splits a subject into reply marker, class or designator, title and property suffix.
 * @example parseSubject("Re: [issue2] out of widgets [nosy=+richard]", { classNames: ["issue"] })
 * // { isReply: true, classname: "issue", nodeid: "2", title: "out of widgets", props: "nosy=+richard", … }
 */
export function parseSubject(
  subject: string,
  opts: SubjectOptions,
): ParsedSubject {
  const [openCh = "[", closeCh = "]"] = [...(opts.delimiters || "[]")];
  const open = escape(openCh), close = escape(closeCh);
  let rest = subject;
  const result: ParsedSubject = {
    isReply: false,
    quoted: false,
    hasPrefix: false,
    title: "",
  };

  const refwd = pythonRegExp(
    `^(?:${opts.refwdRe ?? DEFAULT_REFWD_RE})`,
    "i",
    true,
  ).exec(rest);
  if (refwd && refwd[0]) {
    result.isReply = true;
    rest = rest.slice(refwd[0].length);
  }
  const quote = /^\s*"/.exec(rest);
  if (quote) {
    result.quoted = true;
    rest = rest.slice(quote[0].length);
  }
  result.hasPrefix = new RegExp(`^${open}\\s*[${WORD}]+\\s*${close}`, "u")
    .test(rest.trim());

  const names = [...opts.classNames].sort((a, b) => b.length - a.length);
  if (names.length) {
    const cls = new RegExp(
      `${open}\\s*(${names.map(escape).join("|")})\\s*(\\d+)?\\s*${close}`,
      "i",
    ).exec(rest);
    if (cls) {
      const typed = cls[1]!.toLowerCase();
      result.classname = opts.classNames.find((n) => n.toLowerCase() === typed);
      // Leading zeros go; Number() would turn a long id into "1e+23".
      if (cls[2] !== undefined) {
        result.nodeid = cls[2].replace(/^0+(?=\d)/, "");
      }
      rest = rest.slice(cls.index + cls[0].length);
    }
  }

  rest = rest.trim();
  const args = new RegExp(
    `(${open}([^${escape(closeCh).replace("-", "\\-")}]*)${close})${
      result.quoted ? '"?' : ""
    }$`,
  ).exec(rest);
  if (args) {
    result.propsWhole = args[1];
    result.props = args[2];
    rest = rest.slice(0, args.index);
  }
  result.title = rest.trim();
  if (result.quoted && !args && result.title.endsWith('"')) {
    result.title = result.title.slice(0, -1);
  }
  return result;
}

/** One `prop=value` pair of a subject suffix or a -S option. */
export interface PropAssignment {
  prop: string;
  value: string;
}

/**
 * Splits "prop=value;prop=value" as Roundup does: each pair needs exactly one "=".
 * Throws InvalidValueError for a pair that is not of that form.
 */
export function splitAssignments(text: string): PropAssignment[] {
  return text.split(";").map((pair) => {
    const parts = pair.split("=");
    if (parts.length !== 2) {
      throw new InvalidValueError(
        `"${pair.trim()}" is not of the form property=value (separate several with ";")`,
      );
    }
    return { prop: parts[0]!.trim(), value: parts[1]! };
  });
}
