import type { OptionRow } from "./_config_options.ts";
import { YES_NO_NEW } from "./_config_mail.ts";

/** The [pgp] section. */
export const PGP_OPTIONS: readonly OptionRow[] = [
  {
    name: "enable",
    default: "no",
    help:
      "Check signatures of and decrypt PGP mail (needs gpg). Turn on encrypt\n" +
      "too, or mail that arrived encrypted may go out in clear.",
    kind: "boolean",
  },
  {
    name: "roles",
    default: "",
    help:
      "Comma-separated roles whose mail gets PGP handling; empty means everyone.",
  },
  {
    name: "homedir",
    default: "",
    help: "GnuPG home directory; empty means $HOME/.gnupg.",
  },
  {
    name: "encrypt",
    default: "no",
    help: "Encrypt all outgoing mail, which needs a key for every recipient.",
    kind: "boolean",
  },
  {
    name: "require_incoming",
    default: "signed",
    help:
      "What incoming PGP mail must be. Refused encrypted mail is not sent back\n" +
      "in clear; the sender only hears that it was refused.",
    kind: "choice",
    choices: ["signed", "encrypted", "both"],
  },
];

/** The [nosy] section: mail to the nosy list. */
export const NOSY_OPTIONS: readonly OptionRow[] = [
  {
    name: "messages_to_author",
    default: "no",
    help:
      "Send authors their own messages: yes always, new only for the message\n" +
      "that creates an item, nosy when they are on the nosy list, no never.",
    kind: "choice",
    choices: ["yes", "no", "new", "nosy"],
    aliases: ["MESSAGES_TO_AUTHOR"],
  },
  {
    name: "signature_position",
    default: "bottom",
    help: "Where nosy mail carries the tracker's signature.",
    kind: "choice",
    choices: ["top", "bottom", "none"],
    aliases: ["EMAIL_SIGNATURE_POSITION"],
  },
  {
    name: "add_author",
    default: "new",
    help:
      "Put a message's author on the nosy list: yes always, new only when the\n" +
      "message creates the item, no never.",
    kind: "choice",
    choices: YES_NO_NEW,
    aliases: ["ADD_AUTHOR_TO_NOSY"],
  },
  {
    name: "add_recipients",
    default: "new",
    help: "Put the To: and Cc: addresses of incoming mail on the nosy list,\n" +
      "with the same values as add_author.",
    kind: "choice",
    choices: YES_NO_NEW,
    aliases: ["ADD_RECIPIENTS_TO_NOSY"],
  },
  {
    name: "email_sending",
    default: "single",
    help:
      "Send nosy mail once with every recipient in Cc (single), or once per\n" +
      "recipient (multiple).",
    kind: "choice",
    choices: ["single", "multiple"],
  },
  {
    name: "max_attachment_size",
    default: "9223372036854775807",
    help:
      "Files larger than this many bytes are linked to instead of attached\n" +
      "in nosy mail.",
    kind: "integer",
  },
];

/** The [markdown] section. */
export const MARKDOWN_OPTIONS: readonly OptionRow[] = [
  {
    name: "break_on_newline",
    default: "no",
    help:
      "Render a single line break in Markdown text as <br>, as GitHub does.",
    kind: "boolean",
  },
];
