/**
 * IMAP4rev1 client for the mail gateway (RFC 3501, STARTTLS, CRAM-MD5 from RFC 2195, UID EXPUNGE from RFC 4315).
 * It reads every message of one mailbox without setting \Seen, and flags a message \Deleted only when the handler
 * says it was handled; those are expunged at the end.
 */
import { createHmac } from "node:crypto";
import { LineConn } from "./line_conn.ts";
import type { Batch, SourceResult } from "./sources.ts";

/** How to reach an IMAP server, log in and which mailbox to read. */
export interface ImapOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Defaults to INBOX. */
  mailbox?: string;
  /** Implicit TLS (imaps); otherwise STARTTLS is used when the server offers it. */
  tls?: boolean;
  /** Log in with AUTHENTICATE CRAM-MD5 instead of LOGIN. */
  cram?: boolean;
  caCerts?: string[];
  timeoutMs?: number;
}

/** One response line with its literals in order; `text` holds `{n}` where each literal was. */
interface Response {
  text: string;
  literals: Uint8Array[];
}

/** Reads the mailbox, stores \Deleted on the messages `handle` accepted, expunges them and logs out. */
export async function fetchImap(
  opts: ImapOptions,
  batch: Batch,
): Promise<SourceResult> {
  const conn = await LineConn.connect({
    hostname: opts.host,
    port: opts.port,
    tls: opts.tls,
    caCerts: opts.caCerts,
    timeoutMs: opts.timeoutMs,
    what: "IMAP server",
  });
  const imap = new ImapSession(conn);
  const mailbox = opts.mailbox || "INBOX";
  const result: SourceResult = { handled: 0, failed: 0 };
  let deleted: number[] = [];
  let caps = new Set<string>();
  const expunge = () =>
    imap.command(
      [caps.has("UIDPLUS") ? `UID EXPUNGE ${uidSet(deleted)}` : "EXPUNGE"],
      "Cannot expunge the handled messages on",
    );
  let loggedOut = false;
  try {
    const greeting = await imap.read();
    if (!/^\* (OK|PREAUTH)\b/i.test(greeting.text)) {
      throw new Error(
        `Cannot start a session with ${conn.peer}: ${greeting.text}`,
      );
    }
    caps = await imap.capabilities();
    if (!conn.secure && caps.has("STARTTLS")) {
      await imap.command(["STARTTLS"], "Cannot start TLS with");
      await conn.startTls(opts.caCerts);
      caps = await imap.capabilities();
    }
    if (!/^\* PREAUTH/i.test(greeting.text)) {
      await login(imap, opts, caps);
      caps = await imap.capabilities();
    }
    await imap.command(
      ["SELECT ", astring(encodeMailboxName(mailbox))],
      `Cannot select mailbox "${mailbox}" on`,
    );
    const search = async (what: string) =>
      (await imap.command(
        [`UID SEARCH ${what}`],
        `Cannot search mailbox "${mailbox}" on`,
      )).filter((r) => /^\* SEARCH\b/i.test(r.text)).flatMap((r) =>
        r.text.slice(8).trim().split(/\s+/).filter(Boolean).map(Number)
      );
    // Flagged by a run that was killed before its EXPUNGE: handled already, so they go too.
    deleted = await search("DELETED");
    const uids = await search("NOT DELETED");
    for (let k = 0; k < uids.length; k += batch.size) {
      const mails: Array<{ uid: number; raw: Uint8Array }> = [];
      for (const uid of uids.slice(k, k + batch.size)) {
        const failed = `Cannot fetch message ${uid} of "${mailbox}" from`;
        const fetched = await imap.command(
          [`UID FETCH ${uid} (UID BODY.PEEK[])`],
          failed,
        );
        const body = fetched.find((r) =>
          /^\* \d+ FETCH \(.*BODY\[\] \{\d+\}/i.test(r.text)
        );
        if (!body) continue; // expunged by another client meanwhile
        const before = body.text.slice(0, body.text.search(/BODY\[\] \{/i));
        mails.push({
          uid,
          raw: body.literals[(before.match(/\{\d+\}/g) ?? []).length]!,
        });
      }
      const oks = await batch.handleMany(
        mails.map((m) => ({ raw: m.raw, label: `imap ${m.uid}` })),
      );
      for (const [j, { uid }] of mails.entries()) {
        if (oks[j]) {
          await imap.command(
            [`UID STORE ${uid} +FLAGS.SILENT (\\Deleted)`],
            `Cannot delete message ${uid} from`,
          );
          deleted.push(uid);
          result.handled++;
        } else {
          result.failed++;
        }
      }
    }
    if (deleted.length > 0) await expunge();
    deleted = [];
    loggedOut = true;
    await imap.command(["LOGOUT"], "Cannot log out of");
  } finally {
    // After a failure, still expunge: every message we flagged \Deleted was handled and committed.
    if (deleted.length > 0) await expunge().catch(() => {});
    if (!loggedOut) {
      await imap.command(["LOGOUT"], "Cannot log out of").catch(() => {});
    }
    conn.close();
  }
  return result;
}

async function login(
  imap: ImapSession,
  opts: ImapOptions,
  caps: Set<string>,
): Promise<void> {
  const failed = `Cannot log in as "${opts.user}" to`;
  if (opts.cram) {
    await imap.command(["AUTHENTICATE CRAM-MD5"], failed, (challenge) => {
      const bytes = Uint8Array.from(atob(challenge), (c) => c.charCodeAt(0));
      const hmac = createHmac("md5", opts.password).update(bytes).digest("hex");
      return btoa(latin1(new TextEncoder().encode(`${opts.user} ${hmac}`)));
    });
    return;
  }
  if (caps.has("LOGINDISABLED")) {
    throw new Error(
      `${failed} ${imap.conn.peer}: the server refuses LOGIN without TLS and does not offer STARTTLS`,
    );
  }
  await imap.command([
    "LOGIN ",
    astring(opts.user),
    " ",
    astring(opts.password),
  ], failed);
}

/** One IMAP conversation: tagged commands, untagged answers, literals. */
class ImapSession {
  #seq = 0;
  #loggingOut = false;
  constructor(readonly conn: LineConn) {}

  /** Reads one response, including the literals that continue it. */
  async read(): Promise<Response> {
    let text = await this.conn.readLine();
    const literals: Uint8Array[] = [];
    for (
      let m = /\{(\d+)\+?\}$/.exec(text);
      m;
      m = /\{(\d+)\+?\}$/.exec(text)
    ) {
      literals.push(await this.conn.readExactly(Number(m[1])));
      text += await this.conn.readLine();
    }
    return { text, literals };
  }

  async capabilities(): Promise<Set<string>> {
    const untagged = await this.command(
      ["CAPABILITY"],
      "Cannot list the capabilities of",
    );
    const line = untagged.find((r) => /^\* CAPABILITY /i.test(r.text))?.text ??
      "";
    return new Set(line.slice(13).toUpperCase().split(/\s+/).filter(Boolean));
  }

  /**
   * Sends a command built from text and literals and returns its untagged answers; NO or BAD throws an Error
   * starting with `failed`. `respond` answers "+" continuations (SASL); literals wait for theirs.
   */
  async command(
    parts: (string | Uint8Array)[],
    failed: string,
    respond?: (c: string) => string,
  ): Promise<Response[]> {
    const tag = `A${++this.#seq}`;
    this.#loggingOut = parts[0] === "LOGOUT";
    const untagged: Response[] = [];
    let pending = `${tag} `;
    for (const part of parts) {
      if (typeof part === "string") {
        pending += part;
        continue;
      }
      await this.conn.write(`${pending}{${part.length}}\r\n`);
      await this.#finish(tag, failed, untagged, () => null);
      await this.conn.write(part);
      pending = "";
    }
    await this.conn.write(pending + "\r\n");
    await this.#finish(
      tag,
      failed,
      untagged,
      respond ?? unexpectedContinuation,
    );
    return untagged;
  }

  /** Reads until the tagged status, or until a "+" continuation when `respond` returns null. */
  async #finish(
    tag: string,
    failed: string,
    untagged: Response[],
    respond: (c: string) => string | null,
  ) {
    for (;;) {
      const r = await this.read();
      if (r.text.startsWith("+")) {
        const answer = respond(r.text.slice(2).trim());
        if (answer === null) return;
        await this.conn.write(answer + "\r\n");
      } else if (r.text.startsWith(tag + " ")) {
        const status = r.text.slice(tag.length + 1);
        if (/^OK\b/i.test(status)) return;
        throw new Error(
          `${failed} ${this.conn.peer}: ${
            status.replace(/^(NO|BAD)\s*/i, "") || status
          }`,
        );
      } else if (/^\* BYE\b/i.test(r.text) && !this.#loggingOut) {
        throw new Error(
          `${failed} ${this.conn.peer}: the server ended the session: ${
            r.text.slice(6)
          }`,
        );
      } else {
        untagged.push(r);
      }
    }
  }
}

function unexpectedContinuation(text: string): never {
  throw new Error(
    `Cannot follow the IMAP conversation: unexpected continuation "+ ${text}"`,
  );
}

/** An IMAP astring: a quoted string when it is printable ASCII, otherwise a literal. */
function astring(s: string): string | Uint8Array {
  if (/^[\x20-\x7e]*$/.test(s)) return `"${s.replace(/["\\]/g, "\\$&")}"`;
  return new TextEncoder().encode(s);
}

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** Encodes a mailbox name in IMAP's modified UTF-7 (RFC 3501 5.1.3). */
export function encodeMailboxName(name: string): string {
  return name.replace(/&|[^\x20-\x7e]+/g, (run) => {
    if (run === "&") return "&-";
    const bytes = new Uint8Array(run.length * 2);
    for (let i = 0; i < run.length; i++) {
      bytes[2 * i] = run.charCodeAt(i) >> 8;
      bytes[2 * i + 1] = run.charCodeAt(i) & 255;
    }
    const b64 = btoa(latin1(bytes)).replace(/=+$/, "");
    return `&${b64.replaceAll("/", ",")}-`;
  });
}

/** "3:5,9" for [3, 4, 5, 9]. */
export function uidSet(uids: number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i]!;
    while (sorted[i + 1] === sorted[i]! + 1) i++;
    out.push(from === sorted[i] ? `${from}` : `${from}:${sorted[i]}`);
  }
  return out.join(",");
}
