/**
 * Traditional Unix crypt(3): 25 rounds of DES over a zero block, keyed by the
 * first 8 bytes of the password and perturbed by a 2-character salt. Roundup's
 * `{crypt}` scheme stores this 13-character form. Bits are kept one per array
 * element: the cost is tiny next to clarity, as only a few hashes are computed.
 */

/** The 64 characters crypt(3) uses for salts and output, in value order. */
export const CRYPT_ALPHABET =
  "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// FIPS 46-3 tables, 1-based bit positions as printed in the standard.
// deno-fmt-ignore
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
  62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
  61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];
// deno-fmt-ignore
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
  2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
];
// deno-fmt-ignore
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
  10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
  14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
// deno-fmt-ignore
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
  23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
  44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
// deno-fmt-ignore
const SBOXES = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
    0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
    4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
    15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
    3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
    0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
    13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
    13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
    13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
    1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
    13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
    10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
    3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
    14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
    4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
    11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
    10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
    9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
    4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
    13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
    1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
    6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
    1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
    7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
    2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
];

// The final permutation undoes the initial one.
const FP = IP.map((_, i) => IP.indexOf(i + 1) + 1);
// E widens each 4-bit group with its neighbours' edge bits.
const E = Array.from({ length: 48 }, (_, i) => {
  const group = Math.floor(i / 6);
  return ((4 * group + (i % 6) - 1 + 32) % 32) + 1;
});

function permute(bits: readonly number[], table: readonly number[]): number[] {
  return table.map((pos) => bits[pos - 1]!);
}

function rotate(half: number[], n: number): number[] {
  return [...half.slice(n), ...half.slice(0, n)];
}

function subkeys(key: readonly number[]): number[][] {
  const cd = permute(key, PC1);
  let c = cd.slice(0, 28);
  let d = cd.slice(28);
  return SHIFTS.map((n) => {
    c = rotate(c, n);
    d = rotate(d, n);
    return permute([...c, ...d], PC2);
  });
}

function feistel(
  r: readonly number[],
  key: readonly number[],
  e: readonly number[],
): number[] {
  const x = permute(r, e).map((bit, i) => bit ^ key[i]!);
  const out: number[] = [];
  for (let box = 0; box < 8; box++) {
    const b = x.slice(box * 6, box * 6 + 6);
    const row = (b[0]! << 1) | b[5]!;
    const col = (b[1]! << 3) | (b[2]! << 2) | (b[3]! << 1) | b[4]!;
    const v = SBOXES[box]![row * 16 + col]!;
    out.push((v >> 3) & 1, (v >> 2) & 1, (v >> 1) & 1, v & 1);
  }
  return permute(out, P);
}

/** Encrypts one 64-bit block (one bit per element) with DES, using `e` as the expansion table. */
export function desEncryptBits(
  block: readonly number[],
  key: readonly number[],
  e: readonly number[] = E,
): number[] {
  const ip = permute(block, IP);
  let l = ip.slice(0, 32);
  let r = ip.slice(32);
  for (const k of subkeys(key)) {
    const f = feistel(r, k, e);
    [l, r] = [r, l.map((bit, i) => bit ^ f[i]!)];
  }
  return permute([...r, ...l], FP);
}

function bytesToBits(bytes: Uint8Array): number[] {
  return Array.from(bytes).flatMap((byte) =>
    Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1)
  );
}

/**
 * Hashes a password the way traditional crypt(3) does. The password is taken as
 * UTF-8 bytes, of which only the first 8 count, 7 bits each. Returns null when
 * the salt is not two characters of the crypt alphabet, as the C library does.
 */
export function desCrypt(password: string, salt: string): string | null {
  const saltValues = [...salt.slice(0, 2)].map((ch) =>
    CRYPT_ALPHABET.indexOf(ch)
  );
  if (saltValues.length < 2 || saltValues.some((v) => v < 0)) return null;
  const keyBytes = new Uint8Array(8);
  new TextEncoder().encode(password).slice(0, 8).forEach((b, i) =>
    keyBytes[i] = b << 1
  );
  // Each set salt bit swaps a pair of expansion outputs 24 apart.
  const e = [...E];
  saltValues.forEach((value, i) => {
    for (let j = 0; j < 6; j++) {
      if ((value >> j) & 1) {
        const a = 6 * i + j;
        [e[a], e[a + 24]] = [e[a + 24]!, e[a]!];
      }
    }
  });
  const key = bytesToBits(keyBytes);
  let block: number[] = new Array(64).fill(0);
  for (let round = 0; round < 25; round++) {
    block = desEncryptBits(block, key, e);
  }
  let out = salt.slice(0, 2);
  for (let i = 0; i < 66; i += 6) {
    let v = 0;
    for (let j = i; j < i + 6; j++) v = (v << 1) | (block[j] ?? 0);
    out += CRYPT_ALPHABET[v];
  }
  return out;
}
