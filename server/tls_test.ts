import assert from "node:assert/strict";
import { join } from "node:path";
import { readPem, selfSigned, splitPem } from "./tls.ts";

Deno.test("readPem() takes the key and certificate from one -e file; splitPem() names what is missing", async () => {
  const pair = await selfSigned("127.0.0.1");
  assert.match(pair.cert, /BEGIN CERTIFICATE/);
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "server.pem");
    await Deno.writeTextFile(file, pair.cert + pair.key);
    const back = await readPem(file);
    assert.match(back.key, /^-----BEGIN PRIVATE KEY-----/);
    assert.match(back.cert, /^-----BEGIN CERTIFICATE-----/);
    assert.throws(
      () => splitPem(pair.cert, "only-cert.pem"),
      /found 0 keys, 1 certificates/,
    );
    await assert.rejects(
      readPem(join(dir, "none.pem")),
      /Cannot read the PEM file/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
