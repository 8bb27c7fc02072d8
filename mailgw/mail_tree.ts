/**
 * The one place that drives npm:mailparser: its part tree with the transfer-decoded bytes of each
 * leaf, and its headers. parse.ts turns the tree into MimeParts the way Roundup picks them.
 */
import { MailParser } from "mailparser";
import { Buffer } from "node:buffer";

/** A node of MailParser's part tree, as `createNode()` makes it. */
export interface TreeNode {
  contentType?: string | false;
  charset?: string;
  textContent?: string;
  children?: TreeNode[];
  /** The mailsplit MimeNode, whose `filename` and `headers` mailsplit documents. */
  node: {
    filename?: string;
    headers: { getFirst(key: string): string };
  };
  decoder?: { on(ev: "data", fn: (c: Uint8Array) => void): void };
  raw?: Uint8Array[];
}

/**
 * MailParser with one hook into its internals, because no public API gives what Roundup's
 * part picking needs: its events hand out the text of all text parts merged and already
 * charset-decoded, and attachments without their place in the MIME tree. `createNode()` (not
 * documented, stable since mailparser 2) builds the tree; wrapping it keeps the first node (the
 * root) and the transfer-decoded bytes of every leaf, so parse.ts decodes charsets itself and files
 * come in tree order. mailparser is pinned in deno.json, and parse_test.ts fails if this
 * changes.
 */
const Parser = class extends (MailParser as unknown as new (
  o: object,
) => Record<string, unknown>) {
  root?: TreeNode;

  createNode(node: unknown): TreeNode {
    const base = MailParser.prototype as unknown as {
      createNode(this: unknown, n: unknown): TreeNode;
    };
    const made = base.createNode.call(this, node);
    this.root ??= made;
    if (made.decoder) {
      const chunks: Uint8Array[] = [];
      made.raw = chunks;
      made.decoder.on("data", (c) => chunks.push(c));
    }
    return made;
  }
};

/** The parts of mailparser's MailParser this module talks to (its documented events). */
interface ParserLike {
  root?: TreeNode;
  on(ev: "headers", fn: (h: Map<string, unknown>) => void): void;
  on(ev: "headerLines", fn: (l: HeaderLine[]) => void): void;
  on(ev: "data", fn: (d: ParserData) => void): void;
  on(ev: "end", fn: () => void): void;
  on(ev: "error", fn: (e: Error) => void): void;
  end(b: Buffer): void;
}

interface HeaderLine {
  key: string;
  line: string;
}

interface ParserData {
  type: string;
  content?: { on(ev: string, fn: () => void): void };
  release?: () => void;
}

/**
 * Runs MailParser over raw mail: its part tree (null for an empty message), with every leaf's
 * transfer-decoded bytes, and its decoded headers and raw header lines.
 */
export async function runParser(raw: Uint8Array) {
  const p = new Parser({
    ignoreEmbedded: true,
    keepDeliveryStatus: true,
    skipTextToHtml: true,
    skipHtmlToText: true,
    skipImageLinks: true,
  }) as unknown as ParserLike;
  let headers = new Map<string, unknown>();
  let lines: HeaderLine[] = [];
  p.on("headers", (h) => headers = h);
  p.on("headerLines", (l) => lines = l);
  // Attachment streams must be drained and released, or the parser waits for them.
  p.on("data", (d) => {
    if (d.type !== "attachment" || !d.content) return;
    d.content.on("data", () => {});
    d.content.on("end", () => d.release?.());
  });
  await new Promise<void>((resolve, reject) => {
    p.on("end", () => resolve());
    p.on("error", (e) => reject(e));
    p.end(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  });
  return { tree: p.root ?? null, headers, lines };
}

/** The bytes of a leaf's chunks as one array. */
export function concat(chunks: Uint8Array[] | undefined): Uint8Array {
  const b = Buffer.concat(chunks ?? []);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
