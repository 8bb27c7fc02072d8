/**
 * A buffered line and literal reader over a TCP or TLS connection, for the POP3 and IMAP clients. Every connect,
 * handshake and read has a timeout, so a server that stops answering gives a clear error instead of a hang.
 */

/** Where to connect and how long to wait for each step. */
export interface ConnectOptions {
  hostname: string;
  port: number;
  /** Connect with implicit TLS (pops, imaps). */
  tls?: boolean;
  /** Extra trusted root certificates (PEM). */
  caCerts?: string[];
  timeoutMs?: number;
  /** Names the peer in error messages: "POP3 server". */
  what?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const LF = 10;
const encoder = new TextEncoder();
// latin1 keeps one character per byte, so protocol lines round-trip whatever the server sends
const latin1 = new TextDecoder("latin1");

/** A line-oriented connection; every read or write fails with a clear message after the timeout. */
export class LineConn {
  #conn: Deno.TcpConn | Deno.TlsConn;
  #buf = new Uint8Array(16 * 1024);
  #start = 0;
  #end = 0;
  #closed = false;
  readonly timeoutMs: number;
  /** `POP3 server "localhost:110"`, for messages. */
  readonly peer: string;
  readonly hostname: string;
  #secure: boolean;

  private constructor(
    conn: Deno.TcpConn,
    opts: ConnectOptions,
    secure: boolean,
  ) {
    this.#conn = conn;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.hostname = opts.hostname;
    this.peer = describe(opts);
    this.#secure = secure;
  }

  /** Opens a connection, with TLS from the start when `tls` is set. */
  static async connect(opts: ConnectOptions): Promise<LineConn> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const peer = describe(opts);
    const abort = new AbortController();
    const attempt = Deno.connect({
      hostname: opts.hostname,
      port: opts.port,
      signal: abort.signal,
    });
    let conn: Deno.TcpConn;
    try {
      conn = await withTimeout(attempt, timeoutMs, () => abort.abort());
    } catch (err) {
      attempt.then((c) => c.close(), () => {});
      throw failure(`Cannot connect to ${peer}`, err, timeoutMs);
    }
    const lc = new LineConn(conn, opts, false);
    if (opts.tls) await lc.#handshake(opts.caCerts);
    return lc;
  }

  /** True once the connection runs over TLS. */
  get secure(): boolean {
    return this.#secure;
  }

  /** Upgrades the connection to TLS (STLS, STARTTLS); refuses when the server already sent bytes we hold. */
  async startTls(caCerts?: string[]): Promise<void> {
    if (this.#end > this.#start) {
      throw new Error(
        `Cannot start TLS with ${this.peer}: the server sent data before the TLS handshake`,
      );
    }
    await this.#handshake(caCerts);
  }

  async #handshake(caCerts?: string[]): Promise<void> {
    try {
      if (this.#secure) throw new Error("the connection already uses TLS");
      const tls = await Deno.startTls(this.#conn as Deno.TcpConn, {
        hostname: this.hostname,
        caCerts,
      });
      this.#conn = tls;
      await withTimeout(tls.handshake(), this.timeoutMs, () => this.close());
      this.#secure = true;
    } catch (err) {
      this.close();
      throw failure(`Cannot start TLS with ${this.peer}`, err, this.timeoutMs);
    }
  }

  /** Sends text (ASCII protocol commands) or bytes. */
  async write(data: string | Uint8Array): Promise<void> {
    let bytes = typeof data === "string" ? encoder.encode(data) : data;
    try {
      while (bytes.length > 0) {
        const n = await withTimeout(
          this.#conn.write(bytes),
          this.timeoutMs,
          () => this.close(),
        );
        bytes = bytes.subarray(n);
      }
    } catch (err) {
      this.close();
      throw failure(`Cannot write to ${this.peer}`, err, this.timeoutMs);
    }
  }

  /** Reads one line as bytes, without its CRLF or LF. */
  async readLineBytes(): Promise<Uint8Array> {
    let from = this.#start;
    for (;;) {
      const i = this.#buf.subarray(from, this.#end).indexOf(LF);
      if (i >= 0) {
        const lf = from + i;
        const stop = lf > this.#start && this.#buf[lf - 1] === 13 ? lf - 1 : lf;
        const line = this.#buf.slice(this.#start, stop);
        this.#start = lf + 1;
        return line;
      }
      from = this.#end;
      if (this.#end - this.#start > MAX_LINE_BYTES) {
        this.close();
        throw new RangeError(
          `Cannot read from ${this.peer}: line longer than ${MAX_LINE_BYTES} bytes`,
        );
      }
      const before = this.#start;
      await this.#fill();
      from -= before - this.#start;
    }
  }

  /** Reads one line as text (one character per byte), without its line ending. */
  async readLine(): Promise<string> {
    return latin1.decode(await this.readLineBytes());
  }

  /** Reads exactly `n` bytes (an IMAP literal). */
  async readExactly(n: number): Promise<Uint8Array> {
    while (this.#end - this.#start < n) await this.#fill();
    const out = this.#buf.slice(this.#start, this.#start + n);
    this.#start += n;
    return out;
  }

  /** Closes the connection; safe to call more than once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // already closed by the peer
    }
  }

  async #fill(): Promise<void> {
    if (this.#start > 0) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buf.length) {
      const bigger = new Uint8Array(this.#buf.length * 2);
      bigger.set(this.#buf);
      this.#buf = bigger;
    }
    let n: number | null;
    try {
      if (this.#closed) {
        throw new Deno.errors.BadResource("the connection is closed");
      }
      n = await withTimeout(
        this.#conn.read(this.#buf.subarray(this.#end)),
        this.timeoutMs,
        () => this.close(),
      );
    } catch (err) {
      this.close();
      throw failure(`Cannot read from ${this.peer}`, err, this.timeoutMs);
    }
    if (n === null) {
      this.close();
      throw new Deno.errors.UnexpectedEof(
        `Cannot read from ${this.peer}: the server closed the connection`,
      );
    }
    this.#end += n;
  }
}

/** `IMAP server "localhost:143"`, `IMAP server "[::1]:143"`. */
function describe(opts: ConnectOptions): string {
  const host = opts.hostname.includes(":")
    ? `[${opts.hostname}]`
    : opts.hostname;
  return `${opts.what ?? "server"} "${host}:${opts.port}"`;
}

/** Settles like `p`, or rejects with `Deno.errors.TimedOut` after `ms` (calling `onTimeout` to free the socket). */
function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  onTimeout: () => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Deno.errors.TimedOut(`no answer within ${ms} ms`));
      onTimeout();
    }, ms);
  });
  // the losing promise may reject later (closed socket): that rejection is expected and must not go unhandled
  p.catch(() => {});
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Wraps a socket error as "ACTION: detail", keeping `TimedOut` recognisable for callers. */
function failure(action: string, err: unknown, ms: number): Error {
  if (err instanceof Deno.errors.TimedOut) {
    return new Deno.errors.TimedOut(`${action}: no answer within ${ms} ms`, {
      cause: err,
    });
  }
  return new Error(
    `${action}: ${err instanceof Error ? err.message : String(err)}`,
    { cause: err },
  );
}
