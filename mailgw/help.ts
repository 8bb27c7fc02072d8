/** The answer to a mail whose subject is "help": how to talk to the tracker by mail. */
import type { Tracker } from "../tracker/home.ts";
import { setting } from "./settings.ts";

/** Help on the mail interface, naming the tracker's address and default class. */
export function helpText(t: Tracker): string {
  const address = setting(t, "tracker", "email", "the tracker");
  const cls = setting(t, "mailgw", "default_class", "issue");
  return `Using ${setting(t, "tracker", "name", "this tracker")} by mail
${"=".repeat(20)}

Send mail to ${address}. The subject says what the mail is about:

  [${cls}] Title of a new ${cls}
      creates a new ${cls} with that title and your mail as its first message.
  [${cls}12] Any text
      adds your mail to ${cls}12 (a reply to tracker mail already has this).
  Title without brackets
      adds your mail to the ${cls} with that title when the subject starts with
      "Re:" and one exists, else creates a new ${cls}.

Properties can be set at the end of the subject, as in "roundup admin set":

  [${cls}12] Any text [status=resolved;priority=urgent]
  [${cls}12] Any text [nosy=+alice,-bob]

The plain text of your mail becomes the message; quoted text and your
signature may be removed. Other parts, such as attachments, are stored as
files of the ${cls}. Mail with only HTML may be refused.

Your address must belong to a user of the tracker, unless the tracker
registers new addresses itself.
`;
}
