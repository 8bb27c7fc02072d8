/**
 * Registering a user from the web: at once (`[web] instant_registration`) or by a confirmation
 * mail whose link (`?@action=confrego&otk=KEY`) creates the user; `[web] registration_delay`
 * refuses forms sent back faster than a human could fill them in.
 */
import {
  InvalidValueError,
  NotFoundError,
  type SessionStore,
  type Values,
} from "../store/mod.ts";
import { createMailer } from "../tracker/mailer.ts";
import type { Tracker } from "../tracker/home.ts";
import type { Actor } from "./actor.ts";

const REGO_LIFETIME_MS = 7 * 24 * 3600_000;

function option(
  t: Tracker,
  section: string,
  name: string,
  fallback: string,
): string {
  try {
    return t.config.get(section, name) || fallback;
  } catch {
    return fallback;
  }
}

/** A key the register form carries, remembering when the form was shown. */
export async function registrationFormKey(
  t: Tracker,
  sessions: SessionStore,
): Promise<string> {
  return await sessions.issueKey("regform", 24 * 3600_000, {
    data: { shown: String(t.db.core.now()) },
  });
}

/** Throws unless the form key is valid and the form was shown long enough ago. */
export async function checkRegistrationDelay(
  t: Tracker,
  sessions: SessionStore,
  key: string,
): Promise<void> {
  const delay = Number(option(t, "web", "registration_delay", "4"));
  if (!(delay > 0)) return;
  const k = await sessions.consumeKey(key, "regform");
  const shown = Number(k?.data?.shown ?? NaN);
  if (!k || t.db.core.now() - shown < delay * 1000) {
    throw new InvalidValueError(
      "Cannot register: the form came back too quickly or was already used; wait a few seconds and send it again",
    );
  }
}

async function checkNewUser(t: Tracker, values: Values): Promise<void> {
  if ("roles" in values) {
    throw new InvalidValueError(
      "Cannot register: roles may not be given at registration",
    );
  }
  const name = String(values.username ?? "").trim();
  if (!name) throw new InvalidValueError("Cannot register: give a username");
  if (!String(values.address ?? "").trim()) {
    throw new InvalidValueError("Cannot register: give an email address");
  }
  const taken = await t.db.cls("user").lookup(name).then(() => true, (e) => {
    if (e instanceof NotFoundError) return false;
    throw e;
  });
  if (taken) {
    throw new InvalidValueError(
      `Cannot register: username "${name}" is already used`,
    );
  }
}

/** Creates the user (roles from `[main] new_web_user_roles`) as the anonymous user. */
export async function createRegisteredUser(
  t: Tracker,
  anonymous: Actor,
  values: Values,
): Promise<string> {
  await anonymous.require("Register", "user");
  await checkNewUser(t, values);
  const roles = option(t, "main", "new_web_user_roles", "User");
  return await t.db.cls("user").create({ ...values, roles }, {
    actor: anonymous.userId,
  });
}

/** True when a reply to the confirmation mail confirms too (`[main] email_registration_confirmation`). */
function byReply(t: Tracker): boolean {
  return !/^(no|false|off|0)$/i.test(
    option(t, "main", "email_registration_confirmation", "yes").trim(),
  );
}

/** Keeps the values under a one-time key and mails the confirmation link; returns the key. */
export async function startRegistration(
  t: Tracker,
  sessions: SessionStore,
  anonymous: Actor,
  values: Values,
  env: Record<string, string | undefined> = {},
): Promise<string> {
  await anonymous.require("Register", "user");
  await checkNewUser(t, values);
  const otk = await sessions.issueKey("rego", REGO_LIFETIME_MS, {
    data: { values: JSON.stringify(values) },
  });
  const tracker = option(t, "tracker", "name", "Roundup issue tracker");
  const web = option(t, "tracker", "web", "");
  const email = option(t, "tracker", "email", "");
  await createMailer(t.config, env, { home: t.home, now: t.db.core.now })
    .deliver({
      from: email ? `${tracker} <${email}>` : tracker,
      to: [String(values.address)],
      subject: `Complete your registration to ${tracker} -- key ${otk}`,
      headers: {},
      text:
        `To finish registering the user "${values.username}" with ${tracker}, ` +
        (byReply(t) && email
          ? `reply to this mail (to ${email}) keeping its subject line (an added "Re:" is fine), or open this address:\n\n`
          : `open this address:\n\n`) +
        `${web}?@action=confrego&otk=${otk}\n\nIf you did not ask for this, ignore this mail.\n`,
    });
  return otk;
}

/** Creates the user a confirmation key stands for; NotFoundError for an unknown or used key. */
export async function confirmRegistration(
  t: Tracker,
  sessions: SessionStore,
  anonymous: Actor,
  otk: string,
): Promise<string> {
  const k = await sessions.consumeKey(otk, "rego");
  if (!k?.data?.values) {
    throw new NotFoundError(
      "Cannot confirm the registration: the link is unknown, expired or was already used; register again",
    );
  }
  return await createRegisteredUser(
    t,
    anonymous,
    JSON.parse(k.data.values) as Values,
  );
}
