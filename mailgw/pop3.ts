/**
 * POP3 client for the mail gateway (RFC 1939, CAPA and STLS from RFC 2449 and 2595). It retrieves every message,
 * passes it to the handler, and marks it for deletion only when the handler says it was handled.
 */
import { createHash } from "node:crypto";
import { LineConn } from "./line_conn.ts";
import type { Batch, SourceResult } from "./sources.ts";

/** How to reach and log in to a POP3 server. */
export interface Pop3Options {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Implicit TLS (pops); otherwise STLS is used when the server offers it. */
  tls?: boolean;
  /** Log in with APOP instead of USER/PASS. */
  apop?: boolean;
  caCerts?: string[];
  timeoutMs?: number;
}

/** Retrieves all messages, DELEs those `handle` accepted, and QUITs so the server commits the deletions. */
export async function fetchPop3(
  opts: Pop3Options,
  batch: Batch,
): Promise<SourceResult> {
  const conn = await LineConn.connect({
    hostname: opts.host,
    port: opts.port,
    tls: opts.tls,
    caCerts: opts.caCerts,
    timeoutMs: opts.timeoutMs,
    what: "POP3 server",
  });
  const pop = new Pop3Session(conn);
  const result: SourceResult = { handled: 0, failed: 0 };
  let quit = false;
  try {
    const greeting = await pop.status("Cannot start a session with");
    if (!conn.secure && (await pop.capabilities()).has("STLS")) {
      await pop.command("STLS", "Cannot start TLS with");
      await conn.startTls(opts.caCerts);
    }
    await login(pop, opts, greeting);
    const numbers = await pop.list();
    for (let k = 0; k < numbers.length; k += batch.size) {
      const chunk = numbers.slice(k, k + batch.size);
      const mails = [];
      for (const n of chunk) {
        await pop.command(`RETR ${n}`, `Cannot retrieve message ${n} from`);
        mails.push({ raw: await pop.multiline(), label: `pop3 ${n}` });
      }
      const oks = await batch.handleMany(mails);
      for (const [j, n] of chunk.entries()) {
        if (oks[j]) {
          await pop.command(`DELE ${n}`, `Cannot delete message ${n} from`);
          result.handled++;
        } else {
          result.failed++;
        }
      }
    }
    quit = true;
    await pop.command("QUIT", "Cannot commit the deletions on");
    return result;
  } finally {
    // After a failure, QUIT still commits the DELEs already sent: those messages are handled and committed, and
    // undoing them with RSET would make the next run handle them a second time.
    if (!quit) await pop.command("QUIT", "Cannot quit").catch(() => {});
    conn.close();
  }
}

async function login(
  pop: Pop3Session,
  opts: Pop3Options,
  greeting: string,
): Promise<void> {
  checkArgument(opts.user, "user name");
  checkArgument(opts.password, "password");
  const failed = `Cannot log in as "${opts.user}" to`;
  if (opts.apop) {
    const stamp = /<[^<>]*>/.exec(greeting)?.[0];
    if (!stamp) {
      throw new Error(
        `${failed} ${pop.conn.peer}: the server does not offer APOP (no timestamp in its greeting)`,
      );
    }
    const digest = createHash("md5").update(stamp + opts.password, "utf8")
      .digest("hex");
    await pop.command(`APOP ${opts.user} ${digest}`, failed);
    return;
  }
  await pop.command(`USER ${opts.user}`, failed);
  await pop.command(`PASS ${opts.password}`, failed);
}

function checkArgument(value: string, what: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new TypeError(
      `Cannot log in to a POP3 server: the ${what} contains a line break`,
    );
  }
}

/** One POP3 conversation: commands, status lines and multi-line answers. */
class Pop3Session {
  constructor(readonly conn: LineConn) {}

  /** Reads a status line; "-ERR" becomes an Error starting with `failed`. */
  async status(failed: string): Promise<string> {
    const line = await this.conn.readLine();
    if (line.startsWith("+OK")) return line;
    const detail = line.startsWith("-ERR")
      ? line.slice(4).trim() || "-ERR"
      : `unexpected answer "${line}"`;
    throw new Error(`${failed} ${this.conn.peer}: ${detail}`);
  }

  async command(line: string, failed: string): Promise<string> {
    await this.conn.write(line + "\r\n");
    return await this.status(failed);
  }

  /** CAPA's list, keyed by the first word; empty when the server does not know CAPA. */
  async capabilities(): Promise<Set<string>> {
    await this.conn.write("CAPA\r\n");
    const line = await this.conn.readLine();
    if (!line.startsWith("+OK")) return new Set();
    const text = new TextDecoder().decode(await this.multiline());
    return new Set(
      text.split("\r\n").map((l) => l.split(" ")[0]!.toUpperCase()).filter(
        Boolean,
      ),
    );
  }

  /** Message numbers from LIST (deleted ones are absent). */
  async list(): Promise<number[]> {
    await this.command("LIST", "Cannot list the messages on");
    const text = new TextDecoder().decode(await this.multiline());
    return text.split("\r\n").filter(Boolean).map((l) =>
      Number(l.split(" ")[0])
    );
  }

  /** Reads a multi-line answer up to the "." line, undoing dot-stuffing; lines end in CRLF. */
  async multiline(): Promise<Uint8Array> {
    const lines: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      let line = await this.conn.readLineBytes();
      if (line[0] === 46) {
        if (line.length === 1) break;
        line = line.subarray(1);
      }
      lines.push(line);
      size += line.length + 2;
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const line of lines) {
      out.set(line, at);
      out[at + line.length] = 13;
      out[at + line.length + 1] = 10;
      at += line.length + 2;
    }
    return out;
  }
}
