/**
 * @module
 * The command contract shared by every subcommand: Io, Command, UsageError and help formatting.
 */

/** The program's version, printed by `roundup version` and `roundup admin -v`. */
export const VERSION = "0.1.0";

/** Where a command reads and writes; tests pass a recording Io. */
export interface Io {
  out(text: string): void;
  /** Bytes to standard output unchanged (a binary file's content); Ios without it get text. */
  outBytes?(bytes: Uint8Array): void;
  err(text: string): void;
  /** One line from standard input without its newline, or null at end of input. */
  readLine(prompt?: string): Promise<string | null>;
  /** True when standard input is a terminal. */
  interactive: boolean;
}

export interface CommandContext {
  io: Io;
  env: Record<string, string | undefined>;
}

/** A subcommand of the roundup program. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}

/** Wrong arguments: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Io on the process's standard streams. */
export function processIo(): Io {
  const enc = new TextEncoder();
  const reader = lineReader(Deno.stdin.readable);
  return {
    out: (t) => writeAll(Deno.stdout, enc.encode(t)),
    outBytes: (b) => writeAll(Deno.stdout, b),
    err: (t) => writeAll(Deno.stderr, enc.encode(t)),
    readLine: async (prompt) => {
      if (prompt) writeAll(Deno.stdout, enc.encode(prompt));
      return await reader();
    },
    interactive: Deno.stdin.isTerminal(),
  };
}

function writeAll(
  w: { writeSync(p: Uint8Array): number },
  bytes: Uint8Array,
): void {
  let off = 0;
  while (off < bytes.length) off += w.writeSync(bytes.subarray(off));
}

/** Returns a function yielding successive lines of a byte stream (null at the end). */
export function lineReader(
  stream: ReadableStream<Uint8Array>,
): () => Promise<string | null> {
  let buf = "";
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const dec = new TextDecoder();
  let done = false;
  return async () => {
    reader ??= stream.getReader();
    while (true) {
      const nl = buf.indexOf("\n");
      if (nl >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, "");
        buf = buf.slice(nl + 1);
        return line;
      }
      if (done) {
        if (buf === "") return null;
        const line = buf;
        buf = "";
        return line;
      }
      const r = await reader.read();
      if (r.done) done = true;
      else buf += dec.decode(r.value, { stream: true });
    }
  };
}

/** Io that records output and answers readLine from a list (for tests). */
export function memoryIo(
  input: string[] = [],
): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readLine(prompt?: string) {
      if (prompt) io.stdout += prompt;
      return Promise.resolve(input.length ? input.shift()! : null);
    },
    interactive: false,
  };
  return io;
}
