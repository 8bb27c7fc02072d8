import { InvalidValueError } from "./errors.ts";
import assert from "node:assert/strict";
import {
  hashPassword,
  PASSWORD_SCHEMES,
  type PasswordScheme,
  passwordScheme,
  verifyPassword,
} from "./password.ts";

// Written by Roundup 2.6 itself: str(Password(plain, scheme=..., config=c)) with
// PBKDF2 rounds lowered to 1000 in the config to keep the tests fast.
const ROUNDUP: Array<[string, string]> = [
  [
    "secret",
    "{PBKDF2S5}1000$71keY5.rito6a6.QKyQ7dyjo7Mw$2g.XwqTpSRrF78fWD1U0jYWx3lNfrHBS04vat.D2OSureEAtcrj6Aih0kLs3xSQv7b4xfnFpXcdl7Q/zP2ixag",
  ],
  [
    "secret",
    "{PBKDF2}1000$JGwVdtxQBn7ObueRTkk0s1FkRfc$2WKbXWcpM4vfe4/1f1JWqJ7.8LM",
  ],
  [
    "secret",
    "{SSHA}+BV7/92CE0dJh9y/+wErxLLJh1j18SHaIXwmZWTabxhCdtJTZcwernTkky14DXFWWjsI2MrnQtblPQ==",
  ],
  ["secret", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"],
  ["secret", "{MD5}5ebe2294ecd0e0f08eab7690d2a6ee69"],
  ["secret", "{crypt}qPHrbBMc7J7CI"],
  ["secret", "{plaintext}secret"],
  [
    "sécret ✓",
    "{PBKDF2S5}1000$091uYGVYIiVOid39aUN.H./XyIg$KGSqKOZXNDoEflPCe1lQhbhs2JMX4y3uH4YJ.htynsED/jKyh0ZAFvmY7eMjgSzProioyMPKbWCaH76btKaHhw",
  ],
  [
    "sécret ✓",
    "{PBKDF2}1000$F.SDHO4Valvd6t7H7DQjAocVE.I$pv6Ci.GVe4wd.Rqt0WfbT5wmTR0",
  ],
  [
    "sécret ✓",
    "{SSHA}2QFz7kY1qh0W60jwbhu4evhlB3oUUSbt3l3qaDdOjSLeGF9zI8ztKtuBlVIOgFciFvsGKozQkFQMH+iw5J512pa0ynI83A==",
  ],
  ["sécret ✓", "{SHA}c24f9107f64bbf952a3eeb85da07ff0772aecc5a"],
  ["sécret ✓", "{MD5}4fa280f33cdf2f299e87db68c554011c"],
  ["sécret ✓", "{crypt}UxUCZSKp/T4NM"],
  ["sécret ✓", "{plaintext}sécret ✓"],
  [
    "",
    "{PBKDF2S5}1000$oproOpeGP/OaUFa74zb26wGlaQQ$0ngIgIgjDAA510bzHdglKapNzPatk2Mtgn7l9fgAbR5rVBVGmzLHiGlycAvQ/g5T4Ze35Asmb7FBf4UvSDlyhw",
  ],
  ["", "{PBKDF2}1000$iWOExbhaGEiDZOCRNGM1pzXVkmU$.APBl4WTjY2VTtwU7Q9bpYF3J4o"],
  [
    "",
    "{SSHA}n2+fTFgh+0rE/fEcaSNgmDR6JPaV+g5nwx6Ch2IKQfkGnXC2v+QKATWMAblShUa2HNGF7fkRYGeE+7Si92s=",
  ],
  ["", "{SHA}da39a3ee5e6b4b0d3255bfef95601890afd80709"],
  ["", "{MD5}d41d8cd98f00b204e9800998ecf8427e"],
  ["", "{crypt}s/Vzvostx7JBM"],
  [
    "secret",
    "{PBKDF2S5}1001$XgE1XptIQpmDrZl9AcSPSezDo8c$LL5bWgfvLUmDDIX0TTgnT57Dm2JK5FKyIvMt0kEjjGStLfU31J.5RocH0.B3/mzTHfFvHx6GptKdTnHw8Rxsnw",
  ],
];

Deno.test("verifyPassword() accepts the right password for hashes Roundup wrote", async () => {
  for (const [plain, stored] of ROUNDUP) {
    assert.equal(await verifyPassword(plain, stored), true, stored);
  }
});

Deno.test("verifyPassword() rejects a wrong password for hashes Roundup wrote", async () => {
  for (const [plain, stored] of ROUNDUP) {
    for (const wrong of ["x" + plain, plain.slice(1) || "y", "Secret"]) {
      assert.equal(
        await verifyPassword(wrong, stored),
        false,
        `${wrong} ${stored}`,
      );
    }
  }
});

Deno.test("verifyPassword() with crypt compares only the first 8 bytes, like crypt(3)", async () => {
  // Roundup: str(Password("a-long-password", scheme="crypt"))
  const stored = "{crypt}vnPiRue3xXNOc";
  assert.equal(await verifyPassword("a-long-password", stored), true);
  assert.equal(await verifyPassword("a-long-pXYZ", stored), true);
  assert.equal(await verifyPassword("a-long-", stored), false);
});

Deno.test("verifyPassword() treats an empty {plaintext} value as the empty password", async () => {
  assert.equal(await verifyPassword("", "{plaintext}"), true);
  assert.equal(await verifyPassword("x", "{plaintext}"), false);
});

Deno.test("verifyPassword() is false when crypt rejects the stored salt", async () => {
  assert.equal(await verifyPassword("secret", "{crypt}!!NANd1rDfiNc"), false);
});

const MALFORMED: Array<
  [string, typeof InvalidValueError, RegExp]
> = [
  ["secret", InvalidValueError, /expected "\{scheme\}data"/],
  ["{FOO}bar", InvalidValueError, /unknown scheme "FOO"/],
  [
    "{sha}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4",
    InvalidValueError,
    /unknown scheme "sha"/,
  ],
  ["{PBKDF2}1000$abc", InvalidValueError, /expected "rounds\$salt\$digest"/],
  ["{PBKDF2}01000$abcd$x", InvalidValueError, /leading zeros/],
  ["{PBKDF2}many$abcd$x", InvalidValueError, /rounds "many"/],
  [
    "{PBKDF2}999$JGwVdtxQBn7ObueRTkk0s1FkRfc$x",
    InvalidValueError,
    /at least 1000/,
  ],
  ["{PBKDF2S5}1000$a$x", InvalidValueError, /not valid h64/],
  ["{SSHA}+BV7/92CE0dJh9y", InvalidValueError, /not valid base64/],
  [
    "{crypt}$1$abc$iCQ2D3nhptRYi27fDYv2s1",
    InvalidValueError,
    /crypt variant "\$1\$" is not supported/,
  ],
];

Deno.test("verifyPassword() throws on stored values Roundup would not accept", async () => {
  for (const [stored, type, message] of MALFORMED) {
    await assert.rejects(verifyPassword("secret", stored), (e: Error) => {
      assert.ok(e instanceof type, `${stored}: ${e}`);
      assert.match(e.message, message);
      return true;
    });
  }
});

Deno.test("passwordScheme() names the scheme of a stored value", () => {
  const expected: PasswordScheme[] = [
    "PBKDF2S5",
    "PBKDF2",
    "SSHA",
    "SHA",
    "MD5",
    "crypt",
    "plaintext",
  ];
  assert.deepEqual(
    ROUNDUP.slice(0, 7).map(([, stored]) => passwordScheme(stored)),
    expected,
  );
});

Deno.test("passwordScheme() throws InvalidValueError for an unknown scheme", () => {
  assert.throws(() => passwordScheme("{BCRYPT}$2b$x"), {
    name: "InvalidValueError",
    message:
      'Cannot read stored password: unknown scheme "BCRYPT", expected one of PBKDF2S5, PBKDF2, SSHA, SHA, MD5, crypt, plaintext',
  });
});

Deno.test("hashPassword() writes Roundup's PBKDF2S5 format by default", async () => {
  const stored = await hashPassword("secret", { rounds: 1000 });
  assert.match(
    stored,
    /^\{PBKDF2S5\}1000\$[A-Za-z0-9./]{27}\$[A-Za-z0-9./]{86}$/,
  );
  assert.equal(await verifyPassword("secret", stored), true);
  assert.equal(await verifyPassword("secreT", stored), false);
  assert.notEqual(await hashPassword("secret", { rounds: 1000 }), stored);
});

Deno.test("hashPassword() uses 250000 rounds unless told otherwise", async () => {
  const stored = await hashPassword("secret");
  assert.equal(stored.split("$")[0], "{PBKDF2S5}250000");
});

const SHAPES: Record<PasswordScheme, RegExp> = {
  PBKDF2S5: /^\{PBKDF2S5\}1000\$[A-Za-z0-9./]{27}\$[A-Za-z0-9./]{86}$/,
  PBKDF2: /^\{PBKDF2\}1000\$[A-Za-z0-9./]{27}\$[A-Za-z0-9./]{27}$/,
  SSHA: /^\{SSHA\}[A-Za-z0-9+/]{75,96}={0,2}$/,
  SHA: /^\{SHA\}[0-9a-f]{40}$/,
  MD5: /^\{MD5\}[0-9a-f]{32}$/,
  crypt: /^\{crypt\}[A-Za-z0-9./]{13}$/,
  plaintext: /^\{plaintext\}sécret ✓$/,
};

Deno.test("hashPassword() writes every scheme in Roundup's format, and verifies it", async () => {
  for (const scheme of PASSWORD_SCHEMES) {
    const stored = await hashPassword("sécret ✓", { scheme, rounds: 1000 });
    assert.match(stored, SHAPES[scheme]);
    assert.equal(await verifyPassword("sécret ✓", stored), true, stored);
    assert.equal(await verifyPassword("secret", stored), false, stored);
  }
});

Deno.test("hashPassword() refuses fewer than 1000 rounds and unknown schemes", async () => {
  for (const rounds of [999, 0, 1000.5]) {
    await assert.rejects(hashPassword("secret", { rounds }), InvalidValueError);
  }
  await assert.rejects(
    hashPassword("secret", { scheme: "bcrypt" as PasswordScheme }),
    {
      name: "InvalidValueError",
      message: 'Cannot hash password: unknown scheme "bcrypt"',
    },
  );
});
