/**
 * Header helpers of the mail gateway: RFC 2047 encoded words, address lists, message ids, and
 * the header block as a map of decoded values.
 */
import { Buffer } from "node:buffer";

/** One mailbox of an address header. */
export interface MailAddress {
  name: string;
  address: string;
}

/** Bytes as text in `charset`, else UTF-8 when valid, else Windows-1252 (a superset of Latin-1). */
export function decodeText(bytes: Uint8Array, charset?: string): string {
  if (charset) {
    try {
      return new TextDecoder(charset.trim()).decode(bytes);
    } catch {
      // an unknown charset: guess below
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** Decodes RFC 2047 encoded words ("=?utf-8?q?J=C3=B6rg?="); blanks between two words go. */
export function decodeWords(text: string): string {
  const word = /=\?([^?\s]+)\?([bq])\?([^?\s]*)\?=/gi;
  return text.replace(/(=\?[^?\s]+\?[bq]\?[^?\s]*\?=)\s+(?==\?)/gi, "$1")
    .replace(word, (whole, cs: string, enc: string, data: string) => {
      const charset = cs.split("*")[0]!;
      let bytes: Uint8Array;
      try {
        if (enc.toLowerCase() === "b") {
          bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        } else {
          const s = data.replace(/_/g, " ").replace(
            /=([0-9a-f]{2})/gi,
            (_, h: string) => String.fromCharCode(parseInt(h, 16)),
          );
          bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
        }
      } catch {
        return whole;
      }
      return decodeText(bytes, charset);
    });
}

/** The "<id>" message ids in a header such as References or In-Reply-To, in order. */
export function messageIds(value: string): string[] {
  return [...value.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);
}

/** Splits an address header ("A <a@x>, "B, Jr." <b@y>, c@z") into mailboxes. */
export function parseAddressList(value: string): MailAddress[] {
  const out: MailAddress[] = [];
  for (
    const m of value.matchAll(/(?:"(?:[^"\\]|\\.)*"|\([^)]*\)|<[^>]*>|[^,])+/g)
  ) {
    const item = m[0].replace(/\([^)]*\)/g, " ").trim();
    if (!item) continue;
    const angle = /<([^>]*)>/.exec(item);
    const address = (angle ? angle[1]! : item.replace(/^.*:/, "")).trim();
    const name = angle
      ? item.slice(0, angle.index).trim().replace(/^"(.*)"$/s, "$1")
        .replace(/\\(.)/g, "$1")
      : "";
    if (address || name) out.push({ name: decodeWords(name), address });
  }
  return out;
}

/** Raw header lines ("Subject: =?utf-8?q?...?=") to lower-cased names and decoded values. */
export function headerMap(
  lines: Array<{ key: string; line: string }>,
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    let value = line.slice(line.indexOf(":") + 1).replace(/\r?\n/g, "");
    // mailparser hands header bytes over as Latin-1 characters.
    value = decodeText(new Uint8Array(Buffer.from(value, "binary"))).trim();
    const list = map.get(key) ?? [];
    list.push(decodeWords(value));
    map.set(key, list);
  }
  return map;
}
