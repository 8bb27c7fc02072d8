import type { OptionRow } from "./_config_options.ts";

/** Allowed values of the options that apply always, never or to new items only. */
export const YES_NO_NEW = ["yes", "no", "new"];

/** The [mail] section: sending mail over SMTP. */
export const MAIL_OPTIONS: readonly OptionRow[] = [
  {
    name: "domain",
    default: "",
    help:
      "Domain appended to admin_email, dispatcher_email and the tracker email\n" +
      'when they have none. Leave out the "@".',
    required: true,
  },
  {
    name: "host",
    default: "",
    help: "SMTP server that the tracker sends mail through.",
    aliases: ["MAILHOST"],
    required: true,
  },
  {
    name: "username",
    default: "",
    help:
      "User name for SMTP servers that require a login; then set password too.",
  },
  {
    name: "password",
    default: "",
    help: "Password for the SMTP login; needed only when username is set.",
    required: true,
  },
  {
    name: "port",
    default: "25",
    help: "Port of the SMTP server.",
    kind: "integer",
  },
  {
    name: "local_hostname",
    default: "",
    help:
      "Fully qualified host name to give the SMTP server; empty lets the\n" +
      "mail library work it out.",
  },
  {
    name: "tls",
    default: "no",
    help: "Talk to the SMTP server over TLS.",
    kind: "boolean",
  },
  {
    name: "tls_keyfile",
    default: "",
    help: "PEM file with the private key to present over TLS, if any.",
  },
  {
    name: "tls_certfile",
    default: "",
    help: "PEM file with the certificate chain to present over TLS, if any.",
  },
  {
    name: "charset",
    default: "utf-8",
    help:
      "Character set of outgoing mail headers. Choose a narrower one such as\n" +
      "iso-8859-1 only for mail readers that cannot cope with UTF-8.",
    aliases: ["EMAIL_CHARSET"],
  },
  {
    name: "debug",
    default: "",
    help: "File that outgoing mail is written to instead of being sent. The\n" +
      "SENDMAILDEBUG environment variable overrides it.",
  },
  {
    name: "add_authorinfo",
    default: "yes",
    help: "Start each message the tracker sends with a line naming its author.",
    kind: "boolean",
  },
  {
    name: "add_authoremail",
    default: "yes",
    help:
      "Put the author's address in that line too; turn off to keep addresses\n" +
      "out of mail archives.",
    kind: "boolean",
  },
];

/** The [mailgw] section: the mail gateway. */
export const MAILGW_OPTIONS: readonly OptionRow[] = [
  {
    name: "keep_quoted_text",
    default: "yes",
    help:
      "Keep quoted lines of incoming mail: yes always, new only when the mail\n" +
      "creates an item, no never. The signature goes when quotes go.",
    kind: "choice",
    choices: YES_NO_NEW,
    aliases: ["EMAIL_KEEP_QUOTED_TEXT"],
  },
  {
    name: "leave_body_unchanged",
    default: "no",
    help:
      "Keep the body of incoming mail exactly as sent, quotes and signature\n" +
      "included: yes always, new only when the mail creates an item.",
    kind: "choice",
    choices: YES_NO_NEW,
    aliases: ["EMAIL_LEAVE_BODY_UNCHANGED"],
  },
  {
    name: "default_class",
    default: "issue",
    help:
      "Class for incoming mail whose subject names none; empty refuses such mail.",
    aliases: ["MAIL_DEFAULT_CLASS"],
  },
  {
    name: "language",
    default: "",
    help:
      "Locale of the mail gateway's replies; empty uses the tracker's language.",
  },
  {
    name: "subject_prefix_parsing",
    default: "strict",
    help:
      "Handling of a [prefix] in the subject: strict bounces one it cannot read,\n" +
      "loose keeps such a prefix in the title, none always keeps it in the title.",
    kind: "choice",
    choices: ["strict", "loose", "none"],
  },
  {
    name: "subject_suffix_parsing",
    default: "strict",
    help: "Handling of a [suffix] in the subject, with the same values as\n" +
      "subject_prefix_parsing.",
    kind: "choice",
    choices: ["strict", "loose", "none"],
  },
  {
    name: "subject_suffix_delimiters",
    default: "[]",
    help:
      "Opening and closing characters around the subject prefix and suffix.",
  },
  {
    name: "subject_content_match",
    default: "always",
    help:
      'Match a subject without a designator against item titles: "always",\n' +
      '"never", or within an interval of the item\'s "creation + 1w" or\n' +
      '"activity + 1w".',
  },
  {
    name: "subject_updates_title",
    default: "yes",
    help: "Change an item's title when incoming mail has a different subject.",
    kind: "boolean",
  },
  {
    name: "refwd_re",
    default: String.raw`(\s*\W?\s*(fw|fwd|re|aw|sv|ang)\W)+`,
    help: "Regular expression for the reply and forward markers (Re:, Fwd:)\n" +
      "stripped from the start of a subject.",
  },
  {
    name: "origmsg_re",
    default: String.raw`^[>|\s]*-----\s?Original Message\s?-----$`,
    help:
      "Regular expression for the line that starts a quoted original message.",
  },
  {
    name: "sign_re",
    default: String.raw`^[>|\s]*-- ?$`,
    help: "Regular expression for the line that starts a signature.",
  },
  {
    name: "eol_re",
    default: String.raw`[\r\n]+`,
    help: "Regular expression for a line end.",
  },
  {
    name: "blankline_re",
    default: String.raw`[\r\n]+\s*[\r\n]+`,
    help: "Regular expression for a blank line between paragraphs.",
  },
  {
    name: "unpack_rfc822",
    default: "no",
    help:
      "Attach the parts of a forwarded message (message/rfc822) as separate\n" +
      "files instead of attaching the message as one file.",
    kind: "boolean",
  },
  {
    name: "ignore_alternatives",
    default: "no",
    help:
      "When the text comes from a multipart/alternative, drop its other parts\n" +
      "instead of attaching them.",
    kind: "boolean",
  },
  {
    name: "convert_htmltotext",
    default: "none",
    help:
      "Converter for mail that has only HTML parts; none bounces such mail.",
    kind: "choice",
    choices: ["beautifulsoup", "justhtml", "dehtml", "none"],
  },
  {
    name: "keep_real_from",
    default: "no",
    help:
      "Take the sender from From: even when there is a Resent-From: header,\n" +
      "for example when a moderator passes mail on to the tracker.",
    kind: "boolean",
    aliases: ["EMAIL_KEEP_REAL_FROM"],
  },
];
