/** Test support: a classic tracker in a temp dir with a few users, for the mail gateway tests. */
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  openTracker,
  type Tracker,
} from "../tracker/home.ts";

/** A fixed clock: 2026-03-02 10:00:00 UTC. */
export const NOW = Date.UTC(2026, 2, 2, 10, 0, 0);

/** Options of mailTracker(). */
export interface MailTrackerOptions {
  /** config.ini settings as `roundup admin install` takes them ("mailgw_keep_quoted_text"). */
  settings?: Record<string, string>;
  /** Grant the Anonymous role "Email Access", so unknown senders are registered. */
  anonymousMail?: boolean;
  /** false: no nosy mail is written (benchmarks). */
  sendMail?: boolean;
  /** Edit the schema before the tracker is opened. */
  schema?: (spec: { permissions?: unknown[] }) => void;
}

/** An initialised classic tracker with users alice (2 addresses), bob and a read-only carol. */
export async function mailTracker(
  opts: MailTrackerOptions = {},
): Promise<Tracker & { [Symbol.asyncDispose](): Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "mailgw-" });
  const home = join(dir, "tracker");
  await installTracker(home, {
    settings: {
      tracker_web: "http://tracker.example.com/demo/",
      mail_domain: "example.com",
      mail_host: "localhost",
      tracker_email: "issues@example.com",
      password_pbkdf2_default_rounds: "1000",
      // Nosy mail and bounces go to a file instead of an SMTP server.
      mail_debug: join(dir, "mail.log"),
      ...opts.settings,
    },
  });
  if (opts.anonymousMail || opts.schema) {
    const file = join(home, "schema.json");
    const spec = JSON.parse(await Deno.readTextFile(file));
    if (opts.anonymousMail) {
      spec.permissions.push({ name: "Email Access", roles: ["Anonymous"] });
    }
    opts.schema?.(spec);
    await Deno.writeTextFile(file, JSON.stringify(spec));
  }
  const t = await openTracker(home, {
    now: () => NOW,
    sendMail: opts.sendMail,
  });
  await initialiseTracker(t, "secret");
  const users = t.db.cls("user");
  await users.create({
    username: "alice",
    realname: "Alice Able",
    address: "alice@example.com",
    alternate_addresses: "a.able@corp.example.org\nalice@home.example.net",
    roles: "User",
  });
  await users.create({
    username: "bob",
    address: "Bob@Example.com",
    roles: "User",
  });
  await users.create({
    username: "carol",
    address: "carol@example.com",
    roles: "",
  });
  return Object.assign(t, {
    async [Symbol.asyncDispose]() {
      t.close();
      await Deno.remove(dir, { recursive: true });
    },
  });
}

/** Mail text as bytes, with CRLF line ends as it arrives over the wire. */
export function eml(text: string): Uint8Array {
  return new TextEncoder().encode(text.replace(/\r?\n/g, "\r\n"));
}
