/** FileClass content: split into blob chunks below KV's value limit, read back, decoded for indexing. */
import { TooLargeError } from "./errors.ts";
import type { ClassDef } from "./schema.ts";
import { keys } from "./keys.ts";
import type { ContentRef, Values } from "./record.ts";

/** Bytes per blob chunk (KV values may be at most 64 KiB). */
export const CHUNK_SIZE = 60_000;
/** Content up to this size is written in the item's own atomic commit. */
const INLINE_LIMIT = 4 * CHUNK_SIZE;
/** Content up to this size lives inside the item record itself. */
const IN_RECORD_LIMIT = 16_000;

export interface PendingBlob {
  key: Deno.KvKey;
  bytes: Uint8Array;
  inline: boolean;
}

/** Splits content into chunks under a fresh blob id; refuses content over `max` bytes. */
export function prepareContent(
  content: string | Uint8Array,
  max: number,
  designator: string,
): { ref: ContentRef; blobs: PendingBlob[]; bytes: Uint8Array } {
  const bytes = typeof content === "string"
    ? new TextEncoder().encode(content)
    : content;
  if (bytes.length > max) {
    throw new TooLargeError(
      `Cannot store the content of ${designator}: it has ${bytes.length} bytes and the limit is ${max} (raise max_file_size in config.ini)`,
    );
  }
  if (bytes.length <= IN_RECORD_LIMIT) {
    return {
      ref: { inline: bytes.slice(), blob: "", size: bytes.length, chunks: 0 },
      blobs: [],
      bytes,
    };
  }
  const blob = crypto.randomUUID();
  const inline = bytes.length <= INLINE_LIMIT;
  const blobs: PendingBlob[] = [];
  for (let i = 0, n = 0; i < bytes.length || n === 0; i += CHUNK_SIZE, n++) {
    blobs.push({
      key: keys.blob(blob, n),
      bytes: bytes.subarray(i, i + CHUNK_SIZE),
      inline,
    });
  }
  return {
    ref: { blob, size: bytes.length, chunks: blobs.length },
    blobs,
    bytes,
  };
}

/** Reads content back from its chunks. */
export async function readContent(
  kv: Deno.Kv,
  ref: ContentRef | undefined,
): Promise<Uint8Array> {
  if (!ref) return new Uint8Array();
  if (ref.inline) return ref.inline;
  const out = new Uint8Array(ref.size);
  let at = 0;
  for await (
    const e of kv.list<Uint8Array>({ prefix: keys.blobPrefix(ref.blob) })
  ) {
    out.set(e.value, at);
    at += e.value.length;
  }
  return out;
}

/** The text to index for content: msg content always, files only when their type is text. */
export function textOf(
  cls: ClassDef,
  values: Values,
  bytes: Uint8Array,
): string | undefined {
  const type = typeof values.type === "string" ? values.type : "";
  if (cls.name !== "msg" && type !== "" && !type.startsWith("text/")) {
    return undefined;
  }
  if (cls.name !== "msg" && type === "" && bytes.includes(0)) return undefined;
  return new TextDecoder().decode(bytes);
}
