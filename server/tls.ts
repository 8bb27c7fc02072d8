/** TLS for `-s`: the key and certificate from the `-e` PEM file, or a temporary self-signed pair. */
import { join } from "node:path";

/** A key and certificate in PEM form. */
export interface TlsPair {
  key: string;
  cert: string;
}

/** Splits a PEM file holding both the private key and the certificate chain. */
export function splitPem(text: string, file: string): TlsPair {
  const blocks = [
    ...text.matchAll(/-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/g),
  ];
  const key = blocks.filter((b) => b[1]!.includes("PRIVATE KEY")).map((b) =>
    b[0]
  );
  const cert = blocks.filter((b) => b[1] === "CERTIFICATE").map((b) => b[0]);
  if (key.length !== 1 || cert.length === 0) {
    throw new RangeError(
      `Cannot use "${file}" for TLS: it must hold one private key and a certificate in PEM form (found ${key.length} keys, ${cert.length} certificates)`,
    );
  }
  return { key: key[0]! + "\n", cert: cert.join("\n") + "\n" };
}

/** Reads the -e PEM file. */
export async function readPem(file: string): Promise<TlsPair> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    throw new RangeError(
      `Cannot read the PEM file "${file}": ${(e as Error).message}`,
    );
  }
  return splitPem(text, file);
}

/**
 * A temporary self-signed certificate for `host`, made with the system's openssl (as Roundup
 * makes one when -s comes without -e). Browsers will warn about it.
 */
export async function selfSigned(host: string): Promise<TlsPair> {
  const dir = await Deno.makeTempDir({ prefix: "roundup-tls-" });
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    const san = /^[\d.]+$/.test(host) ? `IP:${host}` : `DNS:${host}`;
    let out: Deno.CommandOutput;
    try {
      out = await new Deno.Command("openssl", {
        args: [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "30",
          "-subj",
          `/CN=${host}`,
          "-keyout",
          key,
          "-out",
          cert,
          "-addext",
          `subjectAltName=${san},DNS:localhost,IP:127.0.0.1`,
          "-addext",
          "basicConstraints=critical,CA:FALSE",
          "-addext",
          "extendedKeyUsage=serverAuth",
        ],
        stdout: "null",
        stderr: "piped",
      }).output();
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      throw new RangeError(
        "Cannot make a temporary certificate for -s: openssl is not installed; give a PEM file with -e",
      );
    }
    if (!out.success) {
      throw new RangeError(
        `Cannot make a temporary certificate for -s: openssl failed (${
          new TextDecoder().decode(out.stderr).trim()
        }); give a PEM file with -e`,
      );
    }
    return {
      key: await Deno.readTextFile(key),
      cert: await Deno.readTextFile(cert),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
