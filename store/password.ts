import { createHash } from "node:crypto";
import { InvalidValueError } from "./errors.ts";
import { CRYPT_ALPHABET, desCrypt } from "./_crypt_des.ts";

/** The schemes Roundup can store, strongest first. */
export const PASSWORD_SCHEMES = [
  "PBKDF2S5",
  "PBKDF2",
  "SSHA",
  "SHA",
  "MD5",
  "crypt",
  "plaintext",
] as const;

/** One of Roundup's password storage schemes. */
export type PasswordScheme = typeof PASSWORD_SCHEMES[number];

/** The scheme new passwords get, as in Roundup 2.5 and later. */
export const DEFAULT_PASSWORD_SCHEME: PasswordScheme = "PBKDF2S5";

/** Roundup's default for `[main] password_pbkdf2_default_rounds`. */
export const DEFAULT_PBKDF2_ROUNDS = 250_000;

/** Roundup refuses PBKDF2 hashes with fewer rounds than this. */
export const MIN_PBKDF2_ROUNDS = 1000;

/** Options for `hashPassword()`. */
export interface HashOptions {
  /** PBKDF2 iteration count; defaults to `DEFAULT_PBKDF2_ROUNDS`. */
  rounds?: number;
  /** Storage scheme; defaults to `DEFAULT_PASSWORD_SCHEME`. */
  scheme?: PasswordScheme;
}

const STORED = /^\{(\w+)\}(.*)$/s;
const utf8 = new TextEncoder();

/**
 * Returns the scheme of a stored password, such as "PBKDF2S5" for
 * "{PBKDF2S5}250000$salt$digest". Names are case-sensitive, as in Roundup.
 */
export function passwordScheme(stored: string): PasswordScheme {
  return splitStored(stored).scheme;
}

/**
 * Hashes a password for storage in Roundup's format, "{scheme}data".
 *
 * @example
 * const stored = await hashPassword("secret"); // "{PBKDF2S5}250000$...$..."
 */
export async function hashPassword(
  plain: string,
  opts: HashOptions = {},
): Promise<string> {
  const scheme = opts.scheme ?? DEFAULT_PASSWORD_SCHEME;
  if (!(PASSWORD_SCHEMES as readonly string[]).includes(scheme)) {
    throw new InvalidValueError(
      `Cannot hash password: unknown scheme "${scheme}"`,
    );
  }
  const rounds = opts.rounds ?? DEFAULT_PBKDF2_ROUNDS;
  if (!Number.isSafeInteger(rounds) || rounds < MIN_PBKDF2_ROUNDS) {
    throw new InvalidValueError(
      `Cannot hash password with ${rounds} rounds: use a whole number of at least ${MIN_PBKDF2_ROUNDS}`,
    );
  }
  return `{${scheme}}${await encode(scheme, plain, freshSalt(scheme, rounds))}`;
}

/**
 * Checks a password against a stored "{scheme}data" value by hashing it again
 * with the stored salt and rounds. Throws InvalidValueError when the stored
 * value is not in a form Roundup writes, or has PBKDF2 rounds below 1000,
 * which Roundup also refuses.
 *
 * @example
 * await verifyPassword("secret", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"); // true
 */
export async function verifyPassword(
  plain: string,
  stored: string,
): Promise<boolean> {
  const { scheme, data } = splitStored(stored);
  const again = await encode(scheme, plain, saltOf(scheme, data));
  return again !== null && sameText(again, data);
}

interface Salt {
  rounds: number;
  /** The salt as stored: h64 text for PBKDF2, crypt characters for crypt. */
  text: string;
  bytes: Uint8Array;
}

const NO_SALT: Salt = { rounds: 0, text: "", bytes: new Uint8Array() };

function splitStored(stored: string): { scheme: PasswordScheme; data: string } {
  const m = STORED.exec(stored);
  if (!m) {
    throw new InvalidValueError(
      `Cannot read stored password: expected "{scheme}data", like "{PBKDF2S5}250000$salt$digest"`,
    );
  }
  const scheme = m[1]!;
  if (!(PASSWORD_SCHEMES as readonly string[]).includes(scheme)) {
    throw new InvalidValueError(
      `Cannot read stored password: unknown scheme "${scheme}", expected one of ${
        PASSWORD_SCHEMES.join(", ")
      }`,
    );
  }
  return { scheme: scheme as PasswordScheme, data: m[2]! };
}

function freshSalt(scheme: PasswordScheme, rounds: number): Salt {
  if (scheme === "PBKDF2S5" || scheme === "PBKDF2") {
    const bytes = randomBytes(20);
    return { rounds, text: h64encode(bytes), bytes };
  }
  if (scheme === "SSHA") {
    return { ...NO_SALT, bytes: randomBytes(36 + randomBelow(16)) };
  }
  if (scheme === "crypt") {
    const text = CRYPT_ALPHABET[randomBelow(64)]! +
      CRYPT_ALPHABET[randomBelow(64)]!;
    return { ...NO_SALT, text };
  }
  return NO_SALT;
}

function saltOf(scheme: PasswordScheme, data: string): Salt {
  if (scheme === "PBKDF2S5" || scheme === "PBKDF2") return pbkdf2Salt(data);
  if (scheme === "SSHA") {
    return { ...NO_SALT, bytes: base64Decode(data).slice(20) };
  }
  if (scheme === "crypt") {
    if (data.startsWith("$")) {
      throw new InvalidValueError(
        `Cannot verify password: crypt variant "${
          data.split("$", 2).join("$")
        }$" is not supported, only traditional DES crypt`,
      );
    }
    // crypt(3) reads its salt from the start of the stored hash itself.
    return { ...NO_SALT, text: data };
  }
  return NO_SALT;
}

function pbkdf2Salt(data: string): Salt {
  const parts = data.split("$");
  const [rounds, text] = parts;
  if (parts.length !== 3 || rounds === undefined || text === undefined) {
    throw new InvalidValueError(
      `Cannot read PBKDF2 hash: expected "rounds$salt$digest"`,
    );
  }
  if (!/^[1-9]\d*$/.test(rounds)) {
    throw new InvalidValueError(
      `Cannot read PBKDF2 hash: rounds "${rounds}" is not a number without leading zeros`,
    );
  }
  if (Number(rounds) < MIN_PBKDF2_ROUNDS) {
    throw new InvalidValueError(
      `Cannot verify PBKDF2 hash with ${rounds} rounds: Roundup requires at least ${MIN_PBKDF2_ROUNDS}`,
    );
  }
  return { rounds: Number(rounds), text, bytes: h64decode(text) };
}

/** Encodes the data part of a stored password; null when crypt rejects the salt. */
async function encode(
  scheme: PasswordScheme,
  plain: string,
  salt: Salt,
): Promise<string | null> {
  switch (scheme) {
    case "PBKDF2S5":
    case "PBKDF2": {
      const sha512 = scheme === "PBKDF2S5";
      const digest = await pbkdf2(
        plain,
        salt,
        sha512 ? "SHA-512" : "SHA-1",
        sha512 ? 64 : 20,
      );
      return `${salt.rounds}$${salt.text}$${h64encode(digest)}`;
    }
    case "SSHA": {
      const digest = createHash("sha1").update(utf8.encode(plain)).update(
        salt.bytes,
      ).digest();
      return base64Encode(new Uint8Array([...digest, ...salt.bytes]));
    }
    case "SHA":
      return createHash("sha1").update(utf8.encode(plain)).digest("hex");
    case "MD5":
      return createHash("md5").update(utf8.encode(plain)).digest("hex");
    case "crypt":
      return desCrypt(plain, salt.text);
    case "plaintext":
      return plain;
  }
}

async function pbkdf2(
  plain: string,
  salt: Salt,
  hash: string,
  length: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    utf8.encode(plain),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const params = {
    name: "PBKDF2",
    hash,
    salt: salt.bytes as BufferSource,
    iterations: salt.rounds,
  };
  return new Uint8Array(
    await crypto.subtle.deriveBits(params, key, length * 8),
  );
}

// Roundup's "h64": base64 with "." for "+" and no padding, as in Unix crypt hashes.
function h64encode(bytes: Uint8Array): string {
  return base64Encode(bytes).replaceAll("+", ".").replace(/=+$/, "");
}

function h64decode(text: string): Uint8Array {
  if (text.length % 4 === 1 || !/^[A-Za-z0-9./]*$/.test(text)) {
    throw new InvalidValueError(
      `Cannot read PBKDF2 salt "${text}": not valid h64 text`,
    );
  }
  return base64Decode(
    text.replaceAll(".", "+").padEnd(Math.ceil(text.length / 4) * 4, "="),
  );
}

function base64Encode(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function base64Decode(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new InvalidValueError(
      `Cannot read stored password: "${text}" is not valid base64`,
    );
  }
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function randomBelow(n: number): number {
  // Rejection sampling keeps the choice unbiased.
  const limit = 256 - (256 % n);
  for (;;) {
    const [b] = randomBytes(1);
    if (b! < limit) return b! % n;
  }
}

// Compares in time that does not depend on where the texts differ; the
// lengths are no secret, as each scheme's output has a fixed length.
function sameText(a: string, b: string): boolean {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
