/**
 * Unix mbox input for the mail gateway. The file is locked (PATH.lock dotlock, then an exclusive flock) while its
 * messages are handled; afterwards it keeps only the messages that failed, so nothing is ever lost.
 */
import { InvalidValueError } from "../store/mod.ts";
import type { Batch, Handle, SourceResult } from "./sources.ts";
import { type DotLock, dotlock } from "./dotlock.ts";

/** One message of an mbox: its byte range in the file (From_ line and separator included) and its content. */
export interface MboxEntry {
  start: number;
  end: number;
  /** The message without its From_ line, with mboxrd quoting undone (">From " → "From "). */
  raw: Uint8Array;
}

/** Waiting for another program's PATH.lock gives up after this long. */
const DEFAULT_LOCK_WAIT_MS = 10_000;
const latin1 = new TextDecoder("latin1");

/**
 * Splits mbox bytes into messages. A message starts at a "From " line at the top of the file or after an empty
 * line; body lines quoted as ">From " (any number of ">") lose one ">", as in mboxrd.
 */
export function splitMbox(bytes: Uint8Array): MboxEntry[] {
  // one character per byte, so string offsets are byte offsets
  const text = latin1.decode(bytes);
  const first = text.search(/\S/);
  if (first < 0) return [];
  if (!text.startsWith("From ", first)) {
    throw new InvalidValueError(
      `Cannot split an mbox: it does not start with a "From " line`,
    );
  }
  const starts = [first];
  for (
    let i = text.indexOf("\nFrom ", first);
    i >= 0;
    i = text.indexOf("\nFrom ", i + 1)
  ) {
    if (
      text[i - 1] === "\n" || (text[i - 1] === "\r" && text[i - 2] === "\n")
    ) starts.push(i + 1);
  }
  return starts.map((start, k) => {
    const end = starts[k + 1] ?? bytes.length;
    const eol = text.indexOf("\n", start);
    const bodyStart = eol < 0 || eol >= end ? end : eol + 1;
    let bodyEnd = end;
    // the empty line before the next From_ line separates messages and is not part of either
    if (/\n\r?\n$/.test(text.slice(Math.max(bodyStart, end - 3), end))) {
      bodyEnd -= text[end - 2] === "\r" ? 2 : 1;
    }
    return { start, end, raw: unquote(bytes, text, bodyStart, bodyEnd) };
  });
}

function unquote(
  bytes: Uint8Array,
  text: string,
  from: number,
  to: number,
): Uint8Array {
  const drop: number[] = [];
  const re = /(^|\n)>+From /g;
  const body = text.slice(from, to);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    drop.push(from + m.index + m[1]!.length);
  }
  if (drop.length === 0) return bytes.slice(from, to);
  const out = new Uint8Array(to - from - drop.length);
  let at = 0;
  let prev = from;
  for (const d of [...drop, to]) {
    out.set(bytes.subarray(prev, d), at);
    at += d - prev;
    prev = d + 1;
  }
  return out;
}

/** Handles every message of the mbox at `path` under lock, then rewrites it keeping only the failed ones. */
export async function processMbox(
  path: string,
  handler: Handle | Batch,
  opts: { lockWaitMs?: number } = {},
): Promise<SourceResult> {
  const file = await Deno.open(path, { read: true, write: true }).catch(
    (err) => {
      throw new Error(`Cannot open mailbox "${path}": ${err.message}`, {
        cause: err,
      });
    },
  );
  let lock: DotLock | undefined;
  try {
    lock = await dotlock(path, opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
    await file.lock(true);
    const bytes = await readFrom(file, 0);
    let entries: MboxEntry[];
    try {
      entries = splitMbox(bytes);
    } catch (err) {
      if (!(err instanceof InvalidValueError)) throw err;
      throw new InvalidValueError(
        `Cannot read mailbox "${path}": it does not start with a "From " line`,
        { cause: err },
      );
    }
    const kept: Uint8Array[] = [];
    const result: SourceResult = { handled: 0, failed: 0 };
    const batch: Batch = typeof handler === "function"
      ? { handleMany: async (ms) => [await handler(ms[0]!)], size: 1 }
      : handler;
    let i = 0;
    try {
      for (; i < entries.length; i += batch.size) {
        const chunk = entries.slice(i, i + batch.size);
        const oks = await batch.handleMany(
          chunk.map((entry, j) => ({
            raw: entry.raw,
            label: `mbox ${i + j + 1}`,
          })),
        );
        await lock.touch();
        for (const [j, entry] of chunk.entries()) {
          if (oks[j]) {
            result.handled++;
          } else {
            result.failed++;
            kept.push(bytes.subarray(entry.start, entry.end));
          }
        }
      }
    } finally {
      // on an exception, keep the message in hand and all that follow
      for (const entry of entries.slice(i)) {
        kept.push(bytes.subarray(entry.start, entry.end));
      }
      // a writer that ignores locks may have appended meanwhile: keep that too
      kept.push(await readFrom(file, bytes.length));
      await rewrite(file, kept);
    }
    return result;
  } finally {
    file.close();
    await lock?.release();
  }
}

async function readFrom(
  file: Deno.FsFile,
  offset: number,
): Promise<Uint8Array> {
  const size = (await file.stat()).size;
  const out = new Uint8Array(Math.max(0, size - offset));
  await file.seek(offset, Deno.SeekMode.Start);
  for (let at = 0; at < out.length;) {
    const n = await file.read(out.subarray(at));
    if (n === null) return out.subarray(0, at);
    at += n;
  }
  return out;
}

/** Writes the kept messages over the start of the file, then cuts it: a crash midway loses no kept message. */
async function rewrite(file: Deno.FsFile, kept: Uint8Array[]): Promise<void> {
  const parts: Uint8Array[] = [];
  for (const chunk of kept.filter((c) => c.length > 0)) {
    const last = parts.at(-1);
    // each message must end in an empty line, or the next "From " line would not start a message
    if (last && !endsWithEmptyLine(last)) {
      parts.push(new Uint8Array(endsWithEol(last) ? [10] : [10, 10]));
    }
    parts.push(chunk);
  }
  const length = parts.reduce((n, p) => n + p.length, 0);
  await file.seek(0, Deno.SeekMode.Start);
  for (const part of parts) {
    for (let at = 0; at < part.length;) {
      at += await file.write(part.subarray(at));
    }
  }
  await file.truncate(length);
  await file.syncData();
}

function endsWithEol(b: Uint8Array): boolean {
  return b.at(-1) === 10;
}

function endsWithEmptyLine(b: Uint8Array): boolean {
  return b.at(-1) === 10 &&
    (b.at(-2) === 10 || (b.at(-2) === 13 && b.at(-3) === 10));
}
