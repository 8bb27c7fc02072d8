/**
 * Malformed mail for the fuzz test: broken MIME structure, bad transfer encodings and charsets,
 * broken encoded words, huge headers, odd subjects and senders. Each mail is bytes, as it would
 * come from a mailbox or a POP3/IMAP server.
 */
import { type Rng, text } from "./_fuzz.ts";
import { htmlBody, multipart, part } from "./_fuzz_mime.ts";

const enc = new TextEncoder();

const SENDERS = [
  "Alice Able <alice@example.com>",
  "alice@example.com",
  "a.able@corp.example.org",
  "Bob <bob@example.com>",
  "carol@example.com",
  "stranger@nowhere.example",
  '"Quoted, Name" <quoted@nowhere.example>',
  "=?utf-8?B?w4lsw6huZQ==?= <elene@nowhere.example>",
  "=?utf-8?B?!!!broken?= <broken@nowhere.example>",
  "=?x-unknown?Q?abc?= <unknown-charset@nowhere.example>",
  "alice@example.com, bob@example.com",
  "undisclosed-recipients:;",
  "<>",
  "",
  "not an address",
  '"unterminated <alice@example.com>',
  "alice@",
  "@example.com",
  "a@b@c",
  "group: alice@example.com, bob@example.com;",
  "<alice@example.com",
  "alice@example.com>",
  "Alice (comment (nested) <alice@example.com>",
  `${"x".repeat(3000)}@nowhere.example`,
  `Long <${"y".repeat(1900)}@nowhere.example>`,
];

const CLASS_PREFIXES = [
  "",
  "[issue]",
  "[issue1]",
  "[issue2]",
  "[issue3]",
  "[issue999999]",
  "[issue0]",
  "[issue-1]",
  "[issue1.5]",
  "[issue99999999999999999999999]",
  "[user1]",
  "[user3]",
  "[msg1]",
  "[file1]",
  "[status1]",
  "[nosuchclass]",
  "[nosuchclass12]",
  "[issue1",
  "[]",
  "[[issue]]",
  "[ issue1 ]",
  "[ISSUE1]",
  "[Issue]",
  "[keyword]",
  "[priority]",
];

const PROPS = [
  "status",
  "priority",
  "assignedto",
  "nosy",
  "keyword",
  "title",
  "superseder",
  "messages",
  "files",
  "creation",
  "activity",
  "id",
  "nosuch",
  "",
  "username",
  "roles",
];

const VALUES = [
  "resolved",
  "chatting",
  "critical",
  "urgent",
  "nosuch",
  "1",
  "0",
  "-1",
  "99999999999999999999",
  "bob",
  "carol",
  "+bob",
  "-alice",
  "+bob,-alice",
  "+",
  "-",
  ",,",
  "",
  "issue1",
  "1,2,3",
  "Admin",
  "=",
  "2026-13-45",
  "yes",
];

function suffix(r: Rng): string {
  const n = r.int(4);
  const pairs = r.many(
    n,
    () =>
      r.chance(0.15)
        ? text(r, 3)
        : `${r.pick(PROPS)}${r.chance(0.9) ? "=" : ""}${
          r.chance(0.8) ? r.pick(VALUES) : text(r, 3)
        }`,
  );
  return ` [${pairs.join(r.pick([";", ";", ",", "; "]))}]`;
}

/** Subject lines: prefixes, designators, titles with odd text, property suffixes, encoded words. */
export function subject(r: Rng): string {
  let title = r.chance(0.1) ? "" : text(r, 10);
  if (r.chance(0.05)) title = "x".repeat(r.pick([998, 5000, 70_000]));
  if (r.chance(0.05)) title = "help";
  let s = `${
    r.pick(["", "", "", "Re: ", "Fwd: ", "RE: FW: ", "Re:Re: ", "AW: "])
  }${r.pick(CLASS_PREFIXES)} ${title}${r.chance(0.4) ? suffix(r) : ""}`;
  if (r.chance(0.15)) {
    s = r.pick([
      `=?utf-8?B?${btoa(s.replace(/[^\x20-\x7e]/g, "?"))}?=`,
      `=?utf-8?Q?${s.replace(/ /g, "_")}?=`,
      `=?utf-8?B?${s}?=`,
      `=?iso-8859-1?Q?=E9=?= ${s}`,
      `=?utf-8?Q?=FF=FE?= ${s}`,
      `=?nonsense?B?AAAA?= ${s}`,
      `=?utf-8?X?abc?= ${s}`,
      `${s} =?utf-8?B?`,
    ]);
  }
  return s;
}

function hugeHeader(r: Rng): string {
  return r.pick([
    () => `X-Long: ${"y".repeat(r.pick([1000, 100_000, 300_000]))}\n`,
    () => r.many(r.pick([100, 3000]), () => `X-Many: ${text(r, 3)}\n`).join(""),
    () => `X-Folded: a\n${" b\n".repeat(r.pick([100, 5000]))}`,
    () => `References: ${r.many(2000, () => `<${r.int(1e9)}@x>`).join(" ")}\n`,
    () => `To: ${r.many(1000, () => `u${r.int(1e6)}@x.example`).join(", ")}\n`,
  ])();
}

function mailText(r: Rng, depth = 0): string {
  const head: string[] = [];
  if (r.chance(0.95)) {
    head.push(
      `From: ${r.chance(0.6) ? r.pick(SENDERS.slice(0, 6)) : r.pick(SENDERS)}`,
    );
  }
  if (r.chance(0.9)) {
    head.push(`To: ${r.pick(["issues@example.com", "", "x"])}`);
  }
  if (r.chance(0.93)) head.push(`Subject: ${subject(r)}`);
  if (r.chance(0.5)) head.push(`Message-ID: <${r.int(1e6)}@fuzz.example>`);
  if (r.chance(0.2)) {
    head.push(
      `In-Reply-To: ${
        r.pick(["<1@fuzz.example>", "<>", "garbage", `<${text(r, 3)}>`])
      }`,
    );
  }
  if (r.chance(0.2)) {
    head.push(
      `Date: ${
        r.pick([
          "Mon, 2 Mar 2026 10:00:00 +0100",
          "garbage",
          "Mon, 99 Foo 99999 99:99:99 +9999",
          "",
        ])
      }`,
    );
  }
  if (r.chance(0.05)) {
    head.push(
      r.pick([
        "X-Roundup-Loop: hello",
        "Precedence: bulk",
        "Auto-Submitted: auto-replied",
        "Resent-From: bob@example.com",
        "Resent-From: <<<",
      ]),
    );
  }
  if (r.chance(0.1)) head.push(`X-Odd: ${text(r, 5)}`);
  if (r.chance(0.05)) head.push(text(r, 3));
  if (r.chance(0.3)) head.push("MIME-Version: 1.0");
  let headText = head.join("\n") + "\n";
  if (depth === 0 && r.chance(0.04)) headText += hugeHeader(r);
  const kind = r.int(10);
  if (kind < 3) {
    return `${headText}\n${text(r, 40)}\n`;
  }
  if (kind < 5) return headText + part(r, depth, mailText);
  if (kind < 8) return headText + multipart(r, depth, mailText);
  if (kind < 9) return headText; // no blank line, no body
  return `${headText}Content-Type: ${
    r.pick([
      "text/plain; charset=",
      ";;;",
      "multipart/mixed; boundary=",
      "text/html",
    ])
  }\n\n${htmlBody(r)}`;
}

/** One malformed (or now and then well-formed) mail as raw bytes. */
export function fuzzMail(r: Rng): Uint8Array {
  if (r.chance(0.02)) {
    // Bytes that are not mail at all.
    return Uint8Array.from(r.many(r.int(2000), () => r.int(256)));
  }
  let s = mailText(r);
  const eol = r.chance(0.9) ? r.pick(["\r\n", "\n"]) : r.pick(["\r", "\r\r\n"]);
  s = s.replace(/\n/g, eol);
  let bytes = enc.encode(s);
  if (r.chance(0.1)) {
    // Raw 8-bit bytes that are not UTF-8, as old mailers send them.
    bytes = bytes.map((b) => b === 0xc3 ? 0xe9 : b);
  }
  if (r.chance(0.05)) bytes = bytes.slice(0, r.int(bytes.length + 1));
  return bytes;
}
