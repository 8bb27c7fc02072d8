/**
 * Where the mail gateway reads mail from: stdin, a Unix mbox, POP3 or IMAP, with Roundup's command-line syntax.
 * Every source hands each message to a handler and removes it from its source only when the handler returned
 * true (handled and committed).
 */
import { UsageError } from "../cli.ts";
import { fetchImap } from "./imap.ts";
import { processMbox } from "./mbox.ts";
import { fetchPop3 } from "./pop3.ts";

/** One message read from a source. */
export interface IncomingMail {
  raw: Uint8Array;
  /** where it came from, for logs: "pop3 3", "mbox 2" */
  label: string;
}

/** Handles one message: true = handled and committed → may be deleted; false = keep it. */
/** A batch handler and how many messages to give it at once. */
export interface Batch {
  handleMany: HandleMany;
  size: number;
}

export type Handle = (mail: IncomingMail) => Promise<boolean>;

/** Handles several messages at once (committed together); one answer per message, as Handle. */
export type HandleMany = (mails: IncomingMail[]) => Promise<boolean[]>;

/** Messages read from a source before they are handled together. */
export const DEFAULT_BATCH = 1;

/** A per-message handler as a batch handler. */
export function one(handle: Handle): HandleMany {
  return async (mails) => {
    const out: boolean[] = [];
    for (const m of mails) out.push(await handle(m));
    return out;
  };
}

/** How many messages a run handled and how many it had to keep. */
export interface SourceResult {
  handled: number;
  failed: number;
}

type ServerSpec = {
  user: string;
  password?: string;
  host: string;
  port?: number;
};

/** A parsed mail source; `user` is "" when the command line left it out. */
export type SourceSpec =
  | { kind: "stdin" }
  | { kind: "mailbox"; path: string }
  | { kind: "pop" | "pops" | "apop" } & ServerSpec
  | { kind: "imap" | "imaps" | "imaps_cram"; mailbox?: string } & ServerSpec;

/** Options of `runSource`. */
export interface SourceOptions {
  /** Per connect or read on POP3/IMAP; Roundup uses 60 seconds. */
  timeoutMs?: number;
  /** Extra trusted certificates (PEM) for pops, imaps and STARTTLS. */
  caCerts?: string[];
  /** Asks for the password when neither the command line nor ~/.netrc gives one. */
  password?: () => Promise<string>;
  /** Asks for the user name when neither the command line nor ~/.netrc gives one. */
  user?: () => Promise<string>;
  /** The netrc file to consult; defaults to ~/.netrc. */
  netrc?: string;
  /** Replaces standard input for the "stdin" source. */
  stdin?: ReadableStream<Uint8Array>;
  /**
   * A file to hold an exclusive lock on while a POP or IMAP mailbox is read: overlapping runs (a slow
   * cron job) take turns instead of filing the same mail at the same time. The kernel drops the lock
   * of a killed run.
   */
  lockFile?: string;
}

const DEFAULT_PORTS = {
  pop: 110,
  apop: 110,
  pops: 995,
  imap: 143,
  imaps: 993,
  imaps_cram: 993,
} as const;

/** The accepted forms, shown with syntax errors. */
export const SOURCE_FORMS = [
  "mailbox /path/to/mailbox",
  "pop [username[:password]@]server[:port]",
  "pops [username[:password]@]server[:port]",
  "apop [username[:password]@]server[:port]",
  "imap [username[:password]@]server[:port] [mailbox]",
  "imaps [username[:password]@]server[:port] [mailbox]",
  "imaps_cram [username[:password]@]server[:port] [mailbox]",
].join("\n");

/** Parses `METHOD SPEC [MAILBOX]` from the command line, as roundup-mailgw does. */
export function parseSourceArgs(method: string, args: string[]): SourceSpec {
  // One line: the usage printed with it lists the forms.
  const fail = (why: string) => new UsageError(why);
  const [spec, mailbox, ...extra] = args;
  switch (method) {
    case "mailbox":
      if (!spec) throw fail("not enough source specification information");
      if (mailbox !== undefined) {
        throw fail(`too many arguments for mail source "mailbox"`);
      }
      return { kind: "mailbox", path: spec };
    case "pop":
    case "pops":
    case "apop":
    case "imap":
    case "imaps":
    case "imaps_cram": {
      if (!spec) throw fail("not enough source specification information");
      const imap = method.startsWith("imap");
      if (extra.length > 0 || (!imap && mailbox !== undefined)) {
        throw fail(`too many arguments for mail source "${method}"`);
      }
      const server = parseServer(spec);
      if (!server) throw fail(`${method} specification not valid: "${spec}"`);
      if (method === "imap" || method === "imaps" || method === "imaps_cram") {
        return mailbox
          ? { kind: method, ...server, mailbox }
          : { kind: method, ...server };
      }
      return { kind: method, ...server };
    }
    case "imaps_oauth":
      throw fail(`mail source "imaps_oauth" is not supported`);
    default:
      throw fail(
        `The source must be either "mailbox", "pop", "pops", "apop", "imap", "imaps", or "imaps_cram", not "${method}"`,
      );
  }
}

/** `user:password@server:port`, split like Roundup's pattern (the password runs to the last "@"). */
function parseServer(spec: string): ServerSpec | null {
  const m = /^(?:([^:]+)(?::(.+))?@)?(.+)$/s.exec(spec);
  if (!m) return null;
  const hostPort = /^\[([^\]]+)\](?::(\d+))?$/.exec(m[3]!) ??
    /^([^:@\s\[\]]+)(?::(\d+))?$/.exec(m[3]!);
  if (!hostPort) return null;
  const port = hostPort[2] === undefined ? undefined : Number(hostPort[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  const out: ServerSpec = { user: m[1] ?? "", host: hostPort[1]! };
  if (m[2] !== undefined) out.password = m[2];
  if (port !== undefined) out.port = port;
  return out;
}

/** Reads every message of the source, passing each to `handle`; see `Handle` for when messages are removed. */
export async function runSource(
  spec: SourceSpec,
  handle: Handle,
  opts: SourceOptions = {},
): Promise<SourceResult> {
  return await runSourceBatched(spec, one(handle), { ...opts, batchSize: 1 });
}

/** As runSource, reading up to `batchSize` messages and handing them to `handleMany` together. */
export async function runSourceBatched(
  spec: SourceSpec,
  handleMany: HandleMany,
  opts: SourceOptions & { batchSize?: number } = {},
): Promise<SourceResult> {
  const batch = {
    handleMany,
    size: Math.max(1, opts.batchSize ?? DEFAULT_BATCH),
  };
  switch (spec.kind) {
    case "stdin": {
      const raw = await new Response(opts.stdin ?? Deno.stdin.readable).bytes();
      return (await handleMany([{ raw, label: "stdin" }]))[0]
        ? { handled: 1, failed: 0 }
        : { handled: 0, failed: 1 };
    }
    case "mailbox":
      return await processMbox(spec.path, batch);
  }
  const login = await credentials(spec, opts);
  // A home we may not write to gets no lock, as a read-only mail spool gets no dotlock.
  const lock = opts.lockFile
    ? await Deno.open(opts.lockFile, { write: true, create: true }).catch(
      () => undefined,
    )
    : undefined;
  try {
    await lock?.lock(true);
    return await fetchServer(spec, batch, { ...opts, login });
  } finally {
    lock?.close();
  }
}

async function fetchServer(
  spec: Exclude<SourceSpec, { kind: "stdin" | "mailbox" }>,
  batch: Batch,
  opts: SourceOptions & { login: { user: string; password: string } },
): Promise<SourceResult> {
  const { user, password } = opts.login;
  const common = {
    host: spec.host,
    port: spec.port ?? DEFAULT_PORTS[spec.kind],
    user,
    password,
    caCerts: opts.caCerts,
    timeoutMs: opts.timeoutMs,
  };
  if (spec.kind === "pop" || spec.kind === "pops" || spec.kind === "apop") {
    return await fetchPop3({
      ...common,
      tls: spec.kind === "pops",
      apop: spec.kind === "apop",
    }, batch);
  }
  return await fetchImap(
    {
      ...common,
      tls: spec.kind !== "imap",
      cram: spec.kind === "imaps_cram",
      mailbox: "mailbox" in spec ? spec.mailbox : undefined,
    },
    batch,
  );
}

/** Fills in what the command line left out: from ~/.netrc first (as Roundup), then by asking. */
async function credentials(
  spec: ServerSpec & { kind: string },
  opts: SourceOptions,
) {
  let { user, password } = spec;
  if (!user || password === undefined) {
    const entry = await netrcEntry(spec.host, opts.netrc);
    if (entry && (!user || user === entry.login)) {
      user ||= entry.login ?? "";
      password ??= entry.password;
    }
  }
  const where = `${spec.kind} server "${spec.host}"`;
  if (!user) {
    if (!opts.user) {
      throw new TypeError(`Cannot log in to ${where}: no user name given`);
    }
    user = await opts.user();
  }
  if (password === undefined) {
    if (!opts.password) {
      throw new TypeError(
        `Cannot log in to ${where} as "${user}": no password given`,
      );
    }
    password = await opts.password();
  }
  return { user, password };
}

/** The netrc entry for `host` (or the `default` entry), if the file exists. */
export async function netrcEntry(
  host: string,
  path = `${Deno.env.get("HOME") ?? ""}/.netrc`,
): Promise<{ login?: string; password?: string } | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
  // macdef bodies run to the next empty line and are not tokens
  const tokens = text.replace(/^(\s*)macdef[^\n]*\n(?:.+\n?)*/gm, "$1").split(
    /\s+/,
  ).filter(Boolean);
  let current: Record<string, string> | undefined;
  let fallback: Record<string, string> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!;
    if (word === "machine") {
      if (current && current.machine === host) return current;
      current = { machine: tokens[++i] ?? "" };
    } else if (word === "default") {
      if (current && current.machine === host) return current;
      current = fallback = { machine: "" };
    } else if (
      current && (word === "login" || word === "password" || word === "account")
    ) {
      current[word] = tokens[++i] ?? "";
    }
  }
  return current?.machine === host ? current : fallback;
}
