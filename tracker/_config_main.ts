import type { OptionRow } from "./_config_options.ts";

/** The [main] section: paths, addresses, registration, indexing and passwords. */
export const MAIN_OPTIONS: readonly OptionRow[] = [
  {
    name: "database",
    default: "db",
    help:
      "Directory of the tracker database, absolute or relative to the tracker home.",
  },
  {
    name: "template_engine",
    default: "zopetal",
    help: "Template engine for the web pages.",
    kind: "choice",
    choices: ["zopetal", "chameleon", "jinja2"],
  },
  {
    name: "templates",
    default: "html",
    help:
      "Directory of the HTML templates, absolute or relative to the tracker home.",
  },
  {
    name: "static_files",
    default: "",
    help:
      "Space-separated directories of extra static files (images, style sheets),\n" +
      'searched before the templates directory; a "-" entry ends the search there.\n' +
      "Anyone may fetch these files, so keep private data out of them.",
  },
  {
    name: "admin_email",
    default: "roundup-admin",
    help: "Address told when the tracker runs into trouble.\n" +
      "[mail] domain is appended when the address has no domain.",
    kind: "email",
  },
  {
    name: "dispatcher_email",
    default: "roundup-admin",
    help:
      "Address of the dispatcher, told about failed mail when error_messages_to\n" +
      "says so. [mail] domain is appended when the address has no domain.",
    kind: "email",
  },
  {
    name: "email_from_tag",
    default: "",
    help:
      "Text put after the sender's name in the From: header of nosy mail,\n" +
      'as in "Foo Bar TAG" <issue_tracker@tracker.example>.',
  },
  {
    name: "new_web_user_roles",
    default: "User",
    help: "Comma-separated roles given to users who register through the web.",
  },
  {
    name: "new_email_user_roles",
    default: "User",
    help: "Comma-separated roles given to users the mail gateway creates.",
  },
  {
    name: "obsolete_history_roles",
    default: "Admin",
    help:
      "Comma-separated roles allowed to see history entries of classes or\n" +
      "properties that are no longer in the schema.",
  },
  {
    name: "error_messages_to",
    default: "user",
    help: "Who gets mail about errors: the user, the dispatcher, or both.",
    kind: "choice",
    choices: ["user", "dispatcher", "both"],
  },
  {
    name: "html_version",
    default: "html4",
    help: "HTML flavour the templates produce; only html4 is supported.",
    kind: "choice",
    choices: ["html4"],
  },
  {
    name: "timezone",
    default: "0",
    help: "Time zone for users who have not picked one: a name such as\n" +
      "Europe/Warsaw, or an offset from UTC in hours.",
    aliases: ["DEFAULT_TIMEZONE"],
  },
  {
    name: "instant_registration",
    default: "no",
    help:
      "Let new users in as soon as they register, with no confirmation mail.",
    kind: "boolean",
  },
  {
    name: "email_registration_confirmation",
    default: "yes",
    help:
      "Allow confirming a registration by replying to the confirmation mail,\n" +
      "not only by following its web link.",
    kind: "boolean",
  },
  {
    name: "indexer",
    default: "",
    help:
      "Full-text indexer. Empty takes the first one available of xapian, whoosh\n" +
      "and native; native-fts is only used when named here.",
    kind: "choice",
    choices: ["", "xapian", "whoosh", "native", "native-fts"],
  },
  {
    name: "indexer_language",
    default: "english",
    help: "Language for stemming and stop words, for indexers that use one.",
  },
  {
    name: "indexer_stopwords",
    default: "",
    help:
      "Comma-separated extra words the full-text indexer ignores in this tracker.",
  },
  {
    name: "max_file_size",
    default: "52428800",
    kind: "integer",
    help:
      "Largest file or message content stored, in bytes (kept in the database in chunks).",
  },
  {
    name: "umask",
    default: "0o2",
    help:
      "Octal mask of permissions taken away from files the tracker creates.",
    kind: "octal",
  },
  {
    name: "csv_field_size",
    default: "131072",
    help:
      "Largest field, in bytes, accepted when importing an export. Raise it if\n" +
      'an import fails with "field larger than field limit".',
    kind: "integer",
  },
  {
    name: "password_pbkdf2_default_rounds",
    default: "250000",
    help:
      "PBKDF2 iterations for newly hashed passwords. More rounds slow down\n" +
      "password guessing, and every login too. Hashes need at least 1000.",
    kind: "integer",
  },
];

/** The [tracker] section: name, web address, mail address and language. */
export const TRACKER_OPTIONS: readonly OptionRow[] = [
  {
    name: "name",
    default: "Roundup issue tracker",
    help: "Name of the tracker, shown on its pages and in its mail.",
  },
  {
    name: "web",
    default: "",
    help:
      "Address of the tracker's home page, starting with http:// or https://\n" +
      'and ending with "/". Links in mail and on pages are built from it.',
    kind: "url",
    required: true,
  },
  {
    name: "email",
    default: "issue_tracker",
    help: "Address that mail to the tracker goes to.\n" +
      "[mail] domain is appended when the address has no domain.",
    kind: "email",
  },
  {
    name: "replyto_address",
    default: "",
    help:
      "Reply-To of nosy mail. Empty uses the tracker address above, AUTHOR uses\n" +
      "the address of whoever made the change, anything else is used as given.",
  },
  {
    name: "language",
    default: "",
    help:
      "Locale of the tracker's messages. Empty takes it from the LANGUAGE,\n" +
      "LC_ALL, LC_MESSAGES or LANG environment variable.",
  },
];

/** The [logging] section. */
export const LOGGING_OPTIONS: readonly OptionRow[] = [
  {
    name: "config",
    default: "",
    help:
      "Logging configuration file; when set, filename and level below are ignored.",
  },
  {
    name: "filename",
    default: "",
    help:
      "File that log messages are appended to; empty writes them to stderr.",
  },
  {
    name: "level",
    default: "ERROR",
    help: "Least severe level of message that is logged.",
    kind: "choice",
    choices: ["DEBUG", "INFO", "WARNING", "ERROR"],
  },
  {
    name: "format",
    default: "%(asctime)s %(trace_id)s %(levelname)s %(message)s",
    help:
      "Layout of a log line, with fields such as %%(asctime)s, %%(levelname)s\n" +
      "and %%(message)s. Write every % sign twice in this file.",
  },
  {
    name: "disable_loggers",
    default: "no",
    help: "Silence every logger that this section does not set up.",
    kind: "boolean",
  },
];
