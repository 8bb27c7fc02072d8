/**
 * Confirming a registration by mail, as Roundup's gateway does: a reply to the confirmation mail
 * keeps its subject, "Complete your registration to TRACKER -- key KEY", and the key (the web
 * side's one-time key, single-use and expiring) creates the user it stands for. On with
 * `[main] email_registration_confirmation` (the default).
 */
import { SessionStore, type Values } from "../store/mod.ts";
import { anonymousActor } from "../tracker/actor.ts";
import type { Tracker } from "../tracker/home.ts";
import type { Mailer } from "../tracker/mailer.ts";
import { MailError } from "./parse.ts";
import { flag, setting } from "./settings.ts";

const KEY_IN_SUBJECT = /-- key ([A-Za-z0-9_-]{16,64})(?![A-Za-z0-9_-])/;

/** The one-time key in a subject ("… -- key KEY"), or null. */
export function registrationKey(subject: string): string | null {
  return KEY_IN_SUBJECT.exec(subject)?.[1] ?? null;
}

/**
 * Creates the user a reply's key stands for and tells the sender; returns the new user's id, or
 * null when the subject carries no key or the option is off. MailError (bounced) for a key that
 * is unknown, expired or already used, or a username taken meanwhile.
 */
export async function confirmRegistrationByMail(
  t: Tracker,
  subject: string,
  sender: string,
  opts: { now?: () => number; mailer?: Mailer } = {},
): Promise<string | null> {
  const key = registrationKey(subject);
  if (!key) return null;
  if (!flag(t, "main", "email_registration_confirmation", true)) return null;
  const k = await new SessionStore(t.db.kv, opts.now).consumeKey(key, "rego");
  if (!k?.data?.values) {
    throw new MailError(
      `Cannot confirm the registration: the key "${key}" is unknown, expired or was already ` +
        `used. Register again on the web.`,
    );
  }
  const anonymous = await anonymousActor(t);
  await anonymous.require("Register", "user");
  const values = JSON.parse(k.data.values) as Values;
  const roles = setting(t, "main", "new_web_user_roles", "User");
  let id: string;
  try {
    id = await t.db.cls("user").create({ ...values, roles }, {
      actor: anonymous.userId,
    });
  } catch (e) {
    throw new MailError(
      `Cannot confirm the registration of "${values.username}": ${
        (e as Error).message
      }. Register again on the web.`,
    );
  }
  const tracker = setting(t, "tracker", "name", "Roundup issue tracker");
  // As Roundup: from the tracker's name at [main] admin_email (in [mail] domain if bare).
  let admin = setting(t, "main", "admin_email", "roundup-admin");
  const domain = setting(t, "mail", "domain");
  if (!admin.includes("@") && domain) admin += `@${domain}`;
  await opts.mailer?.send({
    from: `${tracker} <${admin}>`,
    to: [sender],
    subject: `Your registration to ${tracker} is complete`,
    headers: {},
    text: "",
  });
  return id;
}
