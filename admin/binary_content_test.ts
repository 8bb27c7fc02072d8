/** A binary file's content comes out of get, display, list and table byte for byte. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { openTracker } from "../tracker/home.ts";
import { makeTracker } from "./fixture_test.ts";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const enc = new TextEncoder();

// A PNG header (0x89 is not UTF-8) and every byte value, then a text part.
const IMAGE = new Uint8Array([
  ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  ...Array.from({ length: 256 }, (_, i) => i),
]);
// Over the in-record limit, so it is read back from blob chunks.
const BIG = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);

async function adminBytes(home: string, args: string[]): Promise<Uint8Array> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "admin", "-i", home, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  return r.stdout;
}

function join(...parts: Array<string | Uint8Array>): Uint8Array {
  const bytes = parts.map((p) => typeof p === "string" ? enc.encode(p) : p);
  const out = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of bytes) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

Deno.test("get, display, list and table write a binary file's content unchanged", async () => {
  const { home, cleanup } = await makeTracker();
  try {
    const t = await openTracker(home);
    try {
      const files = t.db.cls("file");
      await files.create({ name: "a.png", type: "image/png", content: IMAGE });
      await files.create({ name: "big.bin", content: BIG });
      await files.create({ name: "t.txt", content: "\ufeffplain text" });
    } finally {
      t.close();
    }
    assert.deepEqual(
      await adminBytes(home, ["get", "content", "file1"]),
      join(IMAGE, "\n"),
    );
    assert.deepEqual(
      await adminBytes(home, ["get", "content", "file2,file3"]),
      join(BIG, "\n\ufeffplain text\n"),
    );
    assert.deepEqual(
      await adminBytes(home, ["display", "file1"]),
      join("content: ", IMAGE, "\nname: a.png\ntype: image/png\n"),
    );
    assert.deepEqual(
      await adminBytes(home, ["list", "file", "content"]),
      join("   1: ", IMAGE, "\n   2: ", BIG, "\n   3: \ufeffplain text\n"),
    );
    assert.deepEqual(
      await adminBytes(home, ["-c", "list", "file", "content"]),
      join(IMAGE, ",", BIG, ",\ufeffplain text\n"),
    );
    const head = IMAGE.subarray(0, 12);
    assert.deepEqual(
      await adminBytes(home, ["table", "file", "id,content:12"]),
      join(
        "Id Content     \n",
        "1  ",
        head,
        "\n2  ",
        BIG.subarray(0, 12),
        "\n3  \ufeffplain text \n",
      ),
    );
  } finally {
    await cleanup();
  }
});
