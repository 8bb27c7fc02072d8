import { MAIL_OPTIONS, MAILGW_OPTIONS } from "./_config_mail.ts";
import {
  LOGGING_OPTIONS,
  MAIN_OPTIONS,
  TRACKER_OPTIONS,
} from "./_config_main.ts";
import { MARKDOWN_OPTIONS, NOSY_OPTIONS, PGP_OPTIONS } from "./_config_nosy.ts";
import { WEB_OPTIONS } from "./_config_web.ts";

/**
 * How an option's text is checked and read. Absent means free text.
 * - `boolean`: yes/no, true/false, on/off or 1/0; read back as "yes" or "no"
 * - `integer`: a whole number of at least `min` (0 unless given)
 * - `octal`: a whole number in octal, like "0o2" or "022"
 * - `url`: an http:// or https:// address ending in "/"
 * - `email`: an address; `[mail] domain` is appended when it has no "@"
 * - `choice`: one of `choices`, in any case; read back as spelled there
 * - `token`: a secret; when unset, a random one is made for each config
 */
export type OptionKind =
  | "boolean"
  | "integer"
  | "octal"
  | "url"
  | "email"
  | "choice"
  | "token";

/** One option of config.ini, as Roundup 2.x names it. */
export interface ConfigOption {
  section: string;
  name: string;
  /** The default value (not escaped for the ini file). */
  default: string;
  /** What the option does, in our own words. */
  help: string;
  kind?: OptionKind;
  choices?: readonly string[];
  min?: number;
  /** Upper-case names older Roundup versions used, accepted by `resolveOptionKey()`. */
  aliases?: readonly string[];
  /** True when Roundup has no default and the option must be set in config.ini. */
  required?: boolean;
}

/** An option without its section, as listed inside a section. */
export type OptionRow = Omit<ConfigOption, "section">;

/** A section of an ini file: its name, a comment written above it, and its options. */
export interface ConfigSection {
  name: string;
  help: string;
  options: readonly OptionRow[];
}

/** The sections of config.ini in Roundup's order, without [rdbms] and [sessiondb]. */
export const CONFIG_SECTIONS: readonly ConfigSection[] = [
  { name: "main", help: "", options: MAIN_OPTIONS },
  { name: "tracker", help: "", options: TRACKER_OPTIONS },
  { name: "web", help: "", options: WEB_OPTIONS },
  { name: "logging", help: "", options: LOGGING_OPTIONS },
  {
    name: "mail",
    help:
      "Outgoing mail: nosy messages, password resets and registration mail.",
    options: MAIL_OPTIONS,
  },
  {
    name: "mailgw",
    help: "Incoming mail, handled by the mail gateway.",
    options: MAILGW_OPTIONS,
  },
  {
    name: "pgp",
    help: "OpenPGP signing and encryption of mail.",
    options: PGP_OPTIONS,
  },
  {
    name: "nosy",
    help: "Mail to the nosy list of an item.",
    options: NOSY_OPTIONS,
  },
  {
    name: "markdown",
    help: "Rendering of Markdown text.",
    options: MARKDOWN_OPTIONS,
  },
];

/** The sections of detectors/config.ini that the classic template's detectors read. */
export const DETECTOR_SECTIONS: readonly ConfigSection[] = [
  {
    name: "statusauditor",
    help: "Options of detectors/statusauditor",
    options: [{
      name: "chatting_requires_two_users",
      default: "False",
      help:
        "When a message is added to an unread issue, set it to chatting only if\n" +
        "the author is not the person who created the issue. False sets chatting\n" +
        "on any new message.",
      kind: "boolean",
    }],
  },
];

/** Lists every option of the sections, each with its section name. */
export function flattenSections(
  sections: readonly ConfigSection[],
): ConfigOption[] {
  return sections.flatMap((s) =>
    s.options.map((o) => ({ section: s.name, ...o }))
  );
}
