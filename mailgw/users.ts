/**
 * Who sent a mail and who it went to: users are found by their address or one of their
 * alternate_addresses (any case); unknown addresses become new users only when the Anonymous
 * role may both "Register" users and use "Email Access", as in Roundup.
 */
import type { Tx, Values } from "../store/mod.ts";
import { hashPassword } from "../store/password.ts";
import { Reject } from "../store/mod.ts";
import { type Actor, actorFor } from "../tracker/actor.ts";
import type { Tracker } from "../tracker/home.ts";
import { type MailAddress, MailError, type ParsedMail } from "./parse.ts";
import { setting } from "./settings.ts";

/** What the user look-ups work in: the tracker and the transaction of the mail being handled. */
export interface MailUserContext {
  tracker: Tracker;
  tx: Tx;
}

/** The user as an Actor, read inside the mail's transaction; null when there is no such user. */
export async function mailActor(
  ctx: MailUserContext,
  userId: string | null,
): Promise<Actor | null> {
  if (!userId || !(await ctx.tx.record("user", userId))) return null;
  return await actorFor(ctx.tracker, userId, { tx: ctx.tx });
}

// Of several matches, the first that is not admin or anonymous (shared addresses are common).
async function pick(
  ctx: MailUserContext,
  ids: string[],
): Promise<string | null> {
  if (ids.length <= 1) return ids[0] ?? null;
  for (const id of ids) {
    const name = (await ctx.tx.record("user", id))?.values.username;
    if (name !== "admin" && name !== "anonymous") return id;
  }
  return ids[0]!;
}

/** The live user whose address or one of whose alternate addresses is `address`, if any. */
export async function findUser(
  ctx: MailUserContext,
  address: string,
): Promise<string | null> {
  if (!address) return null;
  const users = ctx.tracker.db.handleIn(ctx.tx, "user");
  const direct = await pick(ctx, await users.filter({ exact: { address } }));
  if (direct) return direct;
  if (!users.def.props.has("alternate_addresses")) return null;
  const wanted = address.toLowerCase();
  const found: string[] = [];
  for (
    const id of await users.filter({
      filterspec: { alternate_addresses: address },
    })
  ) {
    const alt = String(
      (await ctx.tx.record("user", id))?.values.alternate_addresses ?? "",
    );
    if (alt.split("\n").some((a) => a.trim().toLowerCase() === wanted)) {
      found.push(id);
    }
  }
  return await pick(ctx, found);
}

/** True when mail from unknown addresses registers them: Anonymous has "Register" on user and "Email Access". */
export async function mayRegisterByMail(
  ctx: MailUserContext,
): Promise<boolean> {
  const anon = await mailActor(
    ctx,
    await ctx.tx.keyOwner("user", "anonymous"),
  );
  return !!anon && await anon.may("Register", "user") &&
    await anon.may("Email Access");
}

function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "x");
}

async function freeUsername(
  ctx: MailUserContext,
  wanted: string,
): Promise<string> {
  for (let n = 0;; n++) {
    const name = n ? `${wanted}${n}` : wanted;
    if ((await ctx.tx.keyOwner("user", name)) === null) return name;
  }
}

/**
 * The user with this address; when there is none and `create` is set, a new user named after
 * the address's local part (made unique with a number), with a random password, the mail's
 * name as realname and the [main] new_email_user_roles. Null when none is found or made (an
 * auditor refused the new user).
 */
export async function userFor(
  ctx: MailUserContext,
  who: MailAddress,
  opts: { create: boolean; props?: Values },
): Promise<string | null> {
  const found = await findUser(ctx, who.address);
  if (found || !opts.create || !who.address) return found;
  const local = who.address.includes("@")
    ? who.address.split("@")[0]!
    : who.address;
  const rounds =
    Number(setting(ctx.tracker, "main", "password_pbkdf2_default_rounds")) ||
    undefined;
  const userDef = ctx.tracker.schema.classes.get("user")!;
  const values: Values = {
    username: await freeUsername(ctx, local),
    address: who.address,
    password: await hashPassword(randomPassword(), { rounds }),
    roles: setting(ctx.tracker, "main", "new_email_user_roles") || "User",
    ...opts.props,
  };
  if (userDef.props.has("realname")) values.realname = who.name;
  for (const k of Object.keys(values)) {
    if (!userDef.props.has(k)) delete values[k];
  }
  try {
    return await ctx.tx.create("user", values);
  } catch (e) {
    if (e instanceof Reject) return null;
    throw e;
  }
}

/**
 * The author of a mail: its sender as a user, registered when allowed, else anonymous; the
 * author must have "Email Access". Throws MailError telling the sender what is wrong.
 */
export async function authorOf(
  ctx: MailUserContext,
  sender: MailAddress,
): Promise<string> {
  const anon = await ctx.tx.keyOwner("user", "anonymous");
  const create = await mayRegisterByMail(ctx);
  const author = (await userFor(ctx, sender, { create })) ?? anon;
  const who = await mailActor(ctx, author);
  if (author && await who?.may("Email Access")) return author;
  if (author !== anon) {
    throw new MailError(
      "Your account on this tracker may not use the mail interface, so your message was not added.",
    );
  }
  let register = "";
  if (
    await who?.may("Web Access") && await who?.may("Register", "user")
  ) {
    const web = setting(ctx.tracker, "tracker", "web");
    register =
      `\n\nCreate an account first at\n\n    ${web}user?@template=register\n\n` +
      "and then send your message again from the address you registered.";
  }
  throw new MailError(
    `The address ${sender.address} does not belong to any user of this tracker, ` +
      `and this tracker does not accept mail from unknown addresses.${register}`,
  );
}

/**
 * The users a mail was sent to (To: and Cc:, less the tracker's own address), registered as
 * for authors when allowed; `props` are -S user.prop=value settings for new users.
 */
export async function recipientsOf(
  ctx: MailUserContext,
  mail: ParsedMail,
  props?: Values,
): Promise<string[]> {
  const create = await mayRegisterByMail(ctx);
  const tracker = setting(ctx.tracker, "tracker", "email").toLowerCase();
  const out: string[] = [];
  for (const r of [...mail.to, ...mail.cc]) {
    const address = r.address.trim();
    if (!address || address.toLowerCase() === tracker) continue;
    const id = await userFor(ctx, { name: r.name, address }, { create, props });
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}
