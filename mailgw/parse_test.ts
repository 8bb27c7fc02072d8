import assert from "node:assert/strict";
import {
  decodeWords,
  messageIds,
  parseAddressList,
  parseMail,
} from "./parse.ts";
import { htmlToText } from "./html_text.ts";

const enc = (s: string) => new TextEncoder().encode(s.replace(/\n/g, "\r\n"));

function multipart(type: string, parts: string[], head = ""): string {
  return `From: a@example.com\nSubject: t\n${head}Content-Type: ${type}; boundary="B"\n\n` +
    parts.map((p) => `--B\n${p}\n`).join("") + "--B--\n";
}

Deno.test("parseMail() decodes headers, addresses and message ids", async () => {
  const m = await parseMail(enc(
    `From: =?utf-8?q?J=C3=B6rg_M=C3=BCller?= <joerg@example.com>
To: issues@example.com, "Doe, Jane" <jane@example.com>
Cc: team: ann@example.com, ben@example.com;
Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus =?utf-8?b?S8O2bG4=?=
Message-ID: <m1@example.com>
In-Reply-To: <m0@example.com> (Jane's message)
References: <a@x> <m0@example.com>
X-Note: =?utf-8?q?caf=C3=A9?=

Hi`,
  ));
  assert.deepEqual(m.from, [{
    name: "Jörg Müller",
    address: "joerg@example.com",
  }]);
  assert.deepEqual(m.to.map((a) => a.address), [
    "issues@example.com",
    "jane@example.com",
  ]);
  assert.equal(m.to[1]!.name, "Doe, Jane");
  assert.deepEqual(m.cc.map((a) => a.address), [
    "ann@example.com",
    "ben@example.com",
  ]);
  assert.equal(m.subject, "Grüße aus Köln");
  assert.equal(m.messageId, "<m1@example.com>");
  assert.equal(m.inReplyTo, "<m0@example.com> (Jane's message)");
  assert.deepEqual(m.references, ["<a@x>", "<m0@example.com>"]);
  assert.equal(m.headers.get("x-note")?.[0], "café");
  assert.equal(m.text, "Hi");
});

Deno.test("parseMail() takes the later of two text alternatives and attaches the other", async () => {
  const raw = multipart("multipart/alternative", [
    "Content-Type: text/plain\n\nfirst",
    "Content-Type: text/plain\n\nsecond",
    "Content-Type: text/html\n\n<p>html</p>",
  ]);
  const m = await parseMail(enc(raw));
  assert.equal(m.text, "second");
  assert.deepEqual(m.attachments.map((a) => [a.contentType, a.content]), [
    ["text/plain", "first"],
    ["text/html", "<p>html</p>"],
  ]);
  const ig = await parseMail(enc(raw), { ignoreAlternatives: true });
  assert.equal(ig.text, "second");
  assert.deepEqual(ig.attachments, []);
});

Deno.test("parseMail() converts HTML-only mail only when convert_htmltotext allows it", async () => {
  const raw =
    "From: a@example.com\nSubject: t\nContent-Type: text/html; charset=utf-8\n\n" +
    "<html><head><style>p{}</style></head><body><p>Hello <b>w&ouml;rld</b></p><p>Bye</p></body></html>";
  assert.equal((await parseMail(enc(raw))).text, null);
  const m = await parseMail(enc(raw), { convertHtml: "dehtml" });
  assert.equal(m.text, "Hello wörld\n\nBye");
  assert.deepEqual(m.attachments.map((a) => a.contentType), ["text/html"]);
});

Deno.test("parseMail() attaches a forwarded message as .eml, or unpacks it", async () => {
  const raw = multipart("multipart/mixed", [
    "Content-Type: text/plain\n\nsee below",
    "Content-Type: message/rfc822\n\nFrom: c@example.com\nSubject: Old news\n\ninner text",
  ]);
  const m = await parseMail(enc(raw));
  assert.equal(m.text, "see below");
  assert.equal(m.attachments[0]!.filename, "Old news.eml");
  assert.equal(m.attachments[0]!.contentType, "message/rfc822");
  assert.match(
    new TextDecoder().decode(m.attachments[0]!.content as Uint8Array),
    /inner text/,
  );
  const u = await parseMail(enc(raw), { unpackRfc822: true });
  assert.deepEqual(u.attachments.map((a) => [a.contentType, a.content]), [[
    "text/plain",
    "inner text",
  ]]);
});

Deno.test("parseMail() drops PGP signatures and keeps binary parts as bytes", async () => {
  const m = await parseMail(enc(multipart("multipart/mixed", [
    'Content-Type: multipart/signed; protocol="application/pgp-signature"; boundary="S"\n\n' +
    "--S\nContent-Type: text/plain\n\nsigned text\n--S\nContent-Type: application/pgp-signature\n\nSIG\n--S--",
    "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.bin\n" +
    "Content-Transfer-Encoding: base64\n\nAAEC/w==",
  ])));
  assert.equal(m.text, "signed text");
  assert.equal(m.attachments.length, 1);
  assert.equal(m.attachments[0]!.filename, "résumé.bin");
  assert.deepEqual([...(m.attachments[0]!.content as Uint8Array)], [
    0,
    1,
    2,
    255,
  ]);
});

Deno.test("parseMail() decodes declared, missing and unknown charsets", async () => {
  const latin1 = (head: string) =>
    new Uint8Array([
      ...enc(`From: a@example.com\nSubject: t\n${head}\n`),
      0x63,
      0x61,
      0x66,
      0xe9,
    ]);
  assert.equal(
    (await parseMail(latin1("Content-Type: text/plain; charset=iso-8859-1\n")))
      .text,
    "café",
  );
  assert.equal((await parseMail(latin1(""))).text, "café");
  assert.equal(
    (await parseMail(latin1("Content-Type: text/plain; charset=x-bogus\n")))
      .text,
    "café",
  );
  const koi = new Uint8Array([
    ...enc(
      "From: a@example.com\nSubject: t\nContent-Type: text/plain; charset=koi8-r\n\n",
    ),
    0xf0,
    0xd2,
    0xc9,
  ]);
  assert.equal((await parseMail(koi)).text, "При");
});

Deno.test("parseMail() reports a multipart without boundary as a problem, not a crash", async () => {
  const m = await parseMail(
    enc(
      "From: a@example.com\nSubject: t\nContent-Type: multipart/mixed\n\n--X\n\nhi\n--X--\n",
    ),
  );
  assert.equal(m.text, null);
  assert.match(m.problem ?? "", /multipart\/mixed part has no boundary/);
});

Deno.test("parseMail() survives garbage and header-only input", async () => {
  const junk = await parseMail(new Uint8Array([0, 1, 2, 255, 254, 10, 10, 3]));
  assert.deepEqual(junk.from, []);
  const bare = await parseMail(enc("Subject: only headers"));
  assert.equal(bare.subject, "only headers");
});

Deno.test("decodeWords() joins adjacent words and keeps plain text", () => {
  assert.equal(
    decodeWords("=?utf-8?q?a?= =?utf-8?q?b?= c =?utf-8?b?w6Q=?="),
    "ab c ä",
  );
  assert.equal(decodeWords("no words here"), "no words here");
  assert.equal(decodeWords("=?x-bogus?q?caf=E9?="), "café");
});

Deno.test("parseAddressList() reads names, quotes, comments and bare addresses", () => {
  assert.deepEqual(
    parseAddressList(
      '"Mod, Erator" <mod@x.org>, bare@y.org, Ann (home) <ann@z.org>',
    ),
    [
      { name: "Mod, Erator", address: "mod@x.org" },
      { name: "", address: "bare@y.org" },
      { name: "Ann", address: "ann@z.org" },
    ],
  );
});

Deno.test("messageIds() finds every <id> in a header", () => {
  assert.deepEqual(messageIds("<a@b> (comment) <c@d>"), ["<a@b>", "<c@d>"]);
  assert.deepEqual(messageIds("no ids"), []);
});

Deno.test("htmlToText() keeps text, lines and paragraphs and drops scripts", () => {
  assert.equal(
    htmlToText(
      "<div>One<br>Two</div><script>if (a<b) x()</script><ul><li>x</li></ul><p>&#x263A; &amp; &Eacute;</p>",
    ),
    "One\nTwo\n* x\n\n☺ & É",
  );
  assert.equal(htmlToText("<pre>a\n  b</pre>"), "a\n  b");
});

Deno.test("htmlToText() numbers ordered lists, marks quotes and drops link targets and images", () => {
  assert.equal(
    htmlToText(
      '<ol><li>one</li><li>two</li></ol><blockquote>said</blockquote><a href="http://x/">here</a><img src="a.png">&nbsp;!',
    ),
    " 1. one\n 2. two\n\n> said\n\nhere !",
  );
});

Deno.test("parseMail() reads a mailing-list digest as text plus one .eml per message", async () => {
  const raw = await Deno.readFile(
    new URL(
      "../tests/fixtures/mail/20-mailing-list-digest.eml",
      import.meta.url,
    ),
  );
  const m = await parseMail(raw);
  assert.match(m.text ?? "", /^Send devel mailing list submissions/);
  assert.deepEqual(m.attachments.map((a) => [a.filename, a.contentType]), [
    ["Build broken on main.eml", "message/rfc822"],
    ["Re: Build broken on main.eml", "message/rfc822"],
  ]);
  const u = await parseMail(raw, { unpackRfc822: true });
  assert.deepEqual(u.attachments.map((a) => a.content), [
    "The CI build fails since this morning.\n",
    "Fixed in the last commit.\n",
  ]);
});

Deno.test("parseMail() reads a part with an empty Content-Type as text/plain, as Roundup does", async () => {
  const m = await parseMail(
    new TextEncoder().encode(
      "From: a@example.com\nSubject: empty type\nContent-Type: ; charset=utf-8\n\nbody text here\n",
    ),
  );
  assert.equal(m.text, "body text here\n");
  assert.deepEqual(m.attachments, []);
});
