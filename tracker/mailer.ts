/**
 * Outgoing mail for every sender of the tracker (nosy mail, bounces, registration): SMTP through
 * nodemailer with the [mail] settings, or, when [mail] debug or SENDMAILDEBUG names a file, the
 * mail appended to that file in Roundup's debug layout instead. Mails are laid out byte for byte as
 * Roundup's mailer writes them (_mime_text.ts); nodemailer composes only those with a
 * message/rfc822 part (bounces).
 */
import nodemailer from "nodemailer";
import { Buffer } from "node:buffer";
import { isAbsolute, join } from "node:path";
import { configValue, type TrackerConfig } from "./config.ts";
import { VERSION } from "../cli.ts";
import { composable, composeMail } from "./_mime_text.ts";

/** One mail to send; `from` is the From: header, the envelope sender is [main] admin_email. */
export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  /** Extra headers; they replace the standard ones (Precedence, X-Roundup-Name, X-Roundup-Loop). */
  headers: Record<string, string>;
  text: string;
  attachments?: Array<
    { filename?: string; contentType: string; content: Uint8Array | string }
  >;
}

/** Sends mail. */
export interface Mailer {
  /** Sends one mail; a failure is logged and never thrown, so a committed change stays committed. */
  send(mail: OutgoingMail): Promise<void>;
  /** Sends one mail and throws MailSendError when the SMTP server or the debug file refuses it. */
  deliver(mail: OutgoingMail): Promise<void>;
}

/** A mail could not be handed to the SMTP server or written to the debug file. */
export class MailSendError extends Error {
  override name = "MailSendError";
}

/** Options of createMailer(). */
export interface MailerOptions {
  /** Clock for the Date header and the debug file's From line (ms since the epoch). */
  now?: () => number;
  /** Where send failures are reported; standard error by default. */
  log?: (line: string) => void;
  /** Tracker home, which a relative [mail] debug path is taken from. */
  home?: string;
  /** Extra PEM certificates to trust for the SMTP server (a private CA or a self-signed server). */
  ca?: string[];
  /** Speak TLS from the first byte (SMTPS) when [mail] tls is on; by default only on port 465. */
  smtps?: boolean;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

function two(n: number): string {
  return String(n).padStart(2, "0");
}

/** The date of an mbox "From " line, as Roundup writes it: "Mon Jan 05 10:00:00 2026" (UTC). */
export function mboxDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${
    two(d.getUTCDate())
  } ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${
    two(d.getUTCSeconds())
  } ${d.getUTCFullYear()}`;
}

/** An error's message; a failed connect to every address of a host gives no message of its own. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const inner = e instanceof AggregateError
    ? e.errors.map((x) => (x instanceof Error ? x.message : String(x)))
    : [];
  const code = (e as { code?: unknown }).code;
  return e.message || inner.join("; ") || (code ? String(code) : e.name);
}

/** The file outgoing mail goes to instead of SMTP, or "" to send: SENDMAILDEBUG wins over [mail] debug. */
export function mailDebugFile(
  config: TrackerConfig,
  env: Record<string, string | undefined>,
  home?: string,
): string {
  if (env.SENDMAILDEBUG) return env.SENDMAILDEBUG;
  const file = configValue(config, "mail", "debug");
  return file && home && !isAbsolute(file) ? join(home, file) : file;
}

function smtpOptions(config: TrackerConfig, opts: MailerOptions) {
  const port = Number(configValue(config, "mail", "port", "25"));
  const tls = /^(yes|true|on|1)$/i.test(configValue(config, "mail", "tls"));
  const user = configValue(config, "mail", "username");
  const keyfile = configValue(config, "mail", "tls_keyfile");
  const certfile = configValue(config, "mail", "tls_certfile");
  const local = configValue(config, "mail", "local_hostname");
  return {
    host: configValue(config, "mail", "host", "localhost"),
    port,
    // Roundup speaks STARTTLS when tls is on; port 465 (SMTPS) only talks TLS from the start.
    secure: tls && (opts.smtps ?? port === 465),
    requireTLS: tls,
    ignoreTLS: !tls,
    ...(local ? { name: local } : {}),
    ...(user
      ? { auth: { user, pass: configValue(config, "mail", "password") } }
      : {}),
    tls: {
      ...(opts.ca?.length ? { ca: opts.ca } : {}),
      ...(certfile ? { cert: Deno.readTextFileSync(certfile) } : {}),
      ...(keyfile ? { key: Deno.readTextFileSync(keyfile) } : {}),
    },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  };
}

/** The name of `key` as the caller spelt it in `headers`, else nodemailer's spelling. */
export function headerName(
  headers: Record<string, string>,
  key: string,
): string {
  const lower = key.toLowerCase();
  return Object.keys(headers).find((k) => k.toLowerCase() === lower) ?? key;
}

/** The nodemailer message for a mail, with Roundup's standard headers added. */
function composeOptions(
  mail: OutgoingMail,
  o: { sender: string; trackerName: string; date: Date },
) {
  const headers: Record<string, string> = {
    // Autoresponders ignore bulk mail, and the gateway drops mail with X-Roundup-Loop.
    "Precedence": "bulk",
    "X-Roundup-Name": o.trackerName,
    "X-Roundup-Loop": "hello",
    "X-Roundup-Version": VERSION,
    ...mail.headers,
  };
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    date: o.date,
    headers,
    // nodemailer title-cases header names ("X-Roundup-Issue-Status"); mail filters match
    // Roundup's spelling, which keeps class and property names as in the schema.
    normalizeHeaderKey: (key: string) => headerName(headers, key),
    // nodemailer wraps quoted-printable lines at CRLF only; a bare LF would count as line content.
    text: mail.text.replace(/\r?\n/g, "\r\n"),
    textEncoding: "quoted-printable" as const,
    attachments: (mail.attachments ?? []).map((a) => ({
      ...(a.filename ? { filename: a.filename } : {}),
      contentType: a.contentType,
      // Text given as a string goes as 7bit or quoted-printable, as Roundup sends text files.
      ...(typeof a.content === "string"
        ? { content: a.content, contentTransferEncoding: false as const }
        : { content: Buffer.from(a.content) }),
    })),
    envelope: { from: o.sender, to: mail.to },
  };
}

/**
 * The tracker's mailer. SMTP settings come from [mail] host, port, username, password, tls,
 * tls_keyfile, tls_certfile and local_hostname; the envelope sender is [main] admin_email.
 * @example await createMailer(tracker.config, Deno.env.toObject()).send(mail)
 */
export function createMailer(
  config: TrackerConfig,
  env: Record<string, string | undefined>,
  opts: MailerOptions = {},
): Mailer {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((line: string) => {
    Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
  });
  const debugFile = mailDebugFile(config, env, opts.home);
  const sender = configValue(config, "main", "admin_email", "roundup-admin");
  const trackerName = configValue(
    config,
    "tracker",
    "name",
    "Roundup issue tracker",
  );
  let smtp: ReturnType<typeof nodemailer.createTransport> | undefined;

  let composer: ReturnType<typeof nodemailer.createTransport> | undefined;

  /** The mail as sent, lines ending in "\n": Roundup's layout, or nodemailer's for a message/rfc822 part. */
  async function compose(mail: OutgoingMail, date: Date): Promise<string> {
    if (composable(mail)) {
      return composeMail(mail, { date: date.getTime(), trackerName });
    }
    composer ??= nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: "unix",
    });
    const info = await composer.sendMail(
      composeOptions(mail, { sender, trackerName, date }),
    );
    // nodemailer ends the message with a newline that Python's as_string() does not write.
    return Buffer.from(info.message as Uint8Array).toString("utf8")
      .replace(/\n$/, "");
  }

  async function writeDebug(mail: OutgoingMail, date: Date): Promise<void> {
    // Roundup writes the message as Python's as_string() gives it, then a blank line.
    const raw = await compose(mail, date);
    await Deno.writeTextFile(
      debugFile,
      `From ${sender} ${mboxDate(date.getTime())}\nFROM: ${sender}\nTO: ${
        mail.to.join(", ")
      }\n${raw}\n\n`,
      { append: true },
    );
  }

  async function deliver(mail: OutgoingMail): Promise<void> {
    if (mail.to.length === 0) return;
    const date = new Date(now());
    try {
      if (debugFile) return await writeDebug(mail, date);
      smtp ??= nodemailer.createTransport(smtpOptions(config, opts));
      const raw = (await compose(mail, date)).replace(/\r?\n/g, "\r\n");
      await smtp.sendMail({ envelope: { from: sender, to: mail.to }, raw });
    } catch (e) {
      const why = describe(e);
      const where = debugFile
        ? `debug file "${debugFile}"`
        : `mailhost "${configValue(config, "mail", "host")}"`;
      throw new MailSendError(
        `Cannot send mail to ${mail.to.join(", ")} through ${where}: ${why}`,
        { cause: e },
      );
    }
  }

  return {
    deliver,
    async send(mail) {
      try {
        await deliver(mail);
      } catch (e) {
        log(e instanceof Error ? e.message : String(e));
      }
    },
  };
}
