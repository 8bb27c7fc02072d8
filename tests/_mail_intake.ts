/** Shared by the mail intake tests: a tracker, numbered mails, what got filed, a Maildir filled directly. */
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";

export const MAIN = new URL("../main.ts", import.meta.url).pathname;

/**
 * A classic tracker with user alice; no nosy mail (alice is the only one on each nosy list), and
 * outgoing mail goes to DIR/mail.log. `settings` add to these install settings or replace them
 * (undefined leaves one out).
 */
export async function makeTracker(
  dir: string,
  settings: Record<string, string | undefined> = {},
): Promise<string> {
  const home = join(dir, "tracker");
  const all: Record<string, string | undefined> = {
    tracker_web: "http://localhost/t/",
    mail_domain: "example.com",
    mail_host: "127.0.0.1",
    mail_debug: join(dir, "mail.log"),
    nosy_messages_to_author: "no",
    password_pbkdf2_default_rounds: "1000",
    ...settings,
  };
  await installTracker(home, {
    settings: Object.fromEntries(
      Object.entries(all).filter((e): e is [string, string] =>
        e[1] !== undefined
      ),
    ),
  });
  const t = await openTracker(home, { sendMail: false });
  await initialiseTracker(t, "admin");
  await t.db.cls("user").create({
    username: "alice",
    address: "alice@example.com",
    roles: "User",
  });
  t.close();
  return home;
}

/** Mail number `i`: it opens an issue, with Message-Id <kill-i@example.com>. */
export function mail(i: number): string {
  return `From: Alice <alice@example.com>\nTo: issues@example.com\n` +
    `Subject: [issue] Problem number ${i}\nMessage-Id: <kill-${i}@example.com>\n\n` +
    `Text of problem ${i}.\n`;
}

/** The messageids of all msgs, and the number of issues. */
export async function filed(home: string) {
  const t = await openTracker(home, { sendMail: false });
  try {
    const ids: string[] = [];
    for (const id of await t.db.cls("msg").list()) {
      ids.push(String((await t.db.cls("msg").record(id))?.values.messageid));
    }
    return { ids, issues: (await t.db.cls("issue").list()).length };
  } finally {
    t.close();
  }
}

/** Puts mails straight into the Maildir's new/ (doveadm save takes ~20 ms a mail). */
export async function fillMaildir(dovecotDir: string, user: string, n: number) {
  const maildir = join(dovecotDir, "home", user, "Maildir");
  const [, , uid, gid] =
    /^mail:.*$/m.exec(await Deno.readTextFile("/etc/passwd"))?.[0].split(
      ":",
    ) ?? [];
  for (const d of ["", "/new", "/cur", "/tmp"]) {
    await Deno.mkdir(maildir + d, { recursive: true });
    await Deno.chown(maildir + d, Number(uid), Number(gid));
  }
  await Deno.chown(join(dovecotDir, "home", user), Number(uid), Number(gid));
  for (let i = 1; i <= n; i++) {
    const file = join(maildir, "new", `1764000000.M${i}P1.localhost`);
    await Deno.writeTextFile(file, mail(i).replace(/\n/g, "\r\n"));
    await Deno.chown(file, Number(uid), Number(gid));
  }
  return maildir;
}

/** How many files the directory holds. */
export async function filesIn(dir: string): Promise<number> {
  let n = 0;
  for await (const _ of Deno.readDir(dir)) n++;
  return n;
}
