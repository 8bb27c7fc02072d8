/**
 * Password reset by mail link: the user names their username or address, gets a one-time link
 * (`?@action=passrst&otk=KEY`), and sets a new password on the page it opens.
 */
import {
  InvalidValueError,
  NotFoundError,
  type SessionStore,
} from "../store/mod.ts";
import { hashPassword } from "../store/password.ts";
import { createMailer } from "../tracker/mailer.ts";
import type { Tracker } from "../tracker/home.ts";

const RESET_LIFETIME_MS = 24 * 3600_000;

async function findUser(t: Tracker, who: string): Promise<string | null> {
  const users = t.db.cls("user");
  const byName = await users.lookup(who).catch((e) => {
    if (e instanceof NotFoundError) return null;
    throw e;
  });
  if (byName) return byName;
  const byAddress = await users.filter({ exact: { address: who } });
  return byAddress[0] ?? null;
}

/**
 * Mails a reset link to the user named by username or address. Says nothing about whether the
 * user exists (so the form cannot be used to probe for accounts); returns the key or null.
 */
export async function startPasswordReset(
  t: Tracker,
  sessions: SessionStore,
  who: string,
  env: Record<string, string | undefined> = {},
): Promise<string | null> {
  const name = who.trim();
  if (!name) {
    throw new InvalidValueError(
      "Cannot reset a password: give a username or an email address",
    );
  }
  const id = await findUser(t, name);
  if (!id || id === "2") return null;
  const user = await t.db.cls("user").getItem(id);
  if (user.retired || typeof user.address !== "string" || !user.address) {
    return null;
  }
  const otk = await sessions.issueKey("passrst", RESET_LIFETIME_MS, {
    data: { userId: id },
  });
  const tracker = t.config.get("tracker", "name") || "Roundup issue tracker";
  const email = t.config.get("tracker", "email");
  await createMailer(t.config, env, { home: t.home, now: t.db.core.now })
    .deliver({
      from: email ? `${tracker} <${email}>` : tracker,
      to: [user.address],
      subject: `Confirm reset of password for ${tracker}`,
      headers: {},
      text:
        `Somebody, perhaps you, asked to reset the password of the user "${user.username}" of ${tracker}.\n` +
        `To choose a new password, open this address within a day (it works once):\n\n` +
        `${
          t.config.get("tracker", "web")
        }user?@template=forgotten&@action=passrst&otk=${otk}\n\nOtherwise ignore this mail.\n`,
    });
  return otk;
}

/**
 * Tells the user their password was reset (never the password itself, unlike Roundup 2.6, which
 * mails a generated one), so a reset they did not make does not go unnoticed.
 */
async function tellChanged(
  t: Tracker,
  id: string,
  env: Record<string, string | undefined>,
): Promise<void> {
  const user = await t.db.cls("user").getItem(id);
  if (typeof user.address !== "string" || !user.address) return;
  const tracker = t.config.get("tracker", "name") || "Roundup issue tracker";
  const email = t.config.get("tracker", "email");
  await createMailer(t.config, env, { home: t.home, now: t.db.core.now }).send({
    from: email ? `${tracker} <${email}>` : tracker,
    to: [user.address],
    subject: `Password reset for ${tracker}`,
    headers: {},
    text:
      `The password of the user "${user.username}" of ${tracker} has just been reset with a link mailed to this address.\n` +
      `If that was not you, tell the tracker's administrator.\n`,
  });
}

/** Sets the new password of the key's user; NotFoundError for an unknown, used or expired key. */
export async function finishPasswordReset(
  t: Tracker,
  sessions: SessionStore,
  otk: string,
  password: string,
  env: Record<string, string | undefined> = {},
): Promise<string> {
  if (password.length < 1) {
    throw new InvalidValueError(
      "Cannot reset the password: give a new password",
    );
  }
  const k = await sessions.consumeKey(otk, "passrst");
  const id = k?.data?.userId;
  if (!id) {
    throw new NotFoundError(
      "Cannot reset the password: the link is unknown, expired or was already used; ask for a new one",
    );
  }
  await t.db.cls("user").set(id, { password: await hashPassword(password) }, {
    actor: id,
  });
  await tellChanged(t, id, env);
  return id;
}
