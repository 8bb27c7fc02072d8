import assert from "node:assert/strict";
import { VERSION } from "../cli.ts";
import {
  composeMail,
  encodedWord,
  foldLong,
  headerValue,
  quotedPrintable,
  rfc822Date,
} from "./_mime_text.ts";

// Expected texts are what Python's email package (Roundup 2.6's mailer) writes for the same input.

Deno.test("quotedPrintable() encodes as Python's quoprimime.body_encode", () => {
  assert.equal(
    quotedPrintable("Grüße = x \nline with trailing space \n"),
    "Gr=C3=BC=C3=9Fe =3D x=20\nline with trailing space=20\n",
  );
  assert.equal(quotedPrintable("a\n\nb"), "a\n\nb");
  assert.equal(quotedPrintable("tab\t"), "tab=09");
  assert.equal(quotedPrintable(""), "");
  assert.equal(
    quotedPrintable("a".repeat(80) + "\n"),
    "a".repeat(75) + "=\n" + "aaaaa\n",
  );
  // A =XX escape is never split across a soft break.
  assert.equal(
    quotedPrintable("b".repeat(73) + "ü"),
    "b".repeat(73) + "=\n=C3=BC",
  );
  assert.equal(
    quotedPrintable("c".repeat(73) + "=ccc"),
    "c".repeat(73) + "=\n=3Dccc",
  );
  // A space ending a long line: quoted when there is room, else after a soft break.
  assert.equal(
    quotedPrintable("d".repeat(75) + " "),
    "d".repeat(75) + "=\n=20",
  );
  assert.equal(
    quotedPrintable("e".repeat(76) + " "),
    "e".repeat(75) + "=\ne=20",
  );
  assert.equal(quotedPrintable("r\r\nn\rx\fz"), "r\nn\nx=0Cz");
});

Deno.test("encodedWord() picks the shorter of q and b as Python's Header", () => {
  assert.equal(encodedWord("Fred Jüngling"), "=?utf-8?q?Fred_J=C3=BCngling?=");
  assert.equal(
    encodedWord("Jürgen Müller"),
    "=?utf-8?b?SsO8cmdlbiBNw7xsbGVy?=",
  );
  assert.equal(
    encodedWord("a b=c_d?ü!*+-/"),
    "=?utf-8?b?YSBiPWNfZD/DvCEqKy0v?=",
  );
  assert.equal(encodedWord("ab ü"), "=?utf-8?b?YWIgw7w=?=");
});

Deno.test("headerValue() leaves ASCII alone and encodes only the name of an address", () => {
  assert.equal(headerValue('"Bob, Jr." <b@x.org>'), '"Bob, Jr." <b@x.org>');
  assert.equal(
    headerValue("Jürgen Müller <j@x.org>"),
    "=?utf-8?b?SsO8cmdlbiBNw7xsbGVy?= <j@x.org>",
  );
  assert.equal(headerValue("Übersicht"), "=?utf-8?q?=C3=9Cbersicht?=");
});

Deno.test("composeMail() lays a nosy mail out as Roundup's mailer", () => {
  const text = composeMail({
    from: "Fred Jüngling <issue_tracker@example.com>",
    to: ["jim@example.com", "kim@example.com"],
    subject: "[issue1] Login fails = always",
    headers: {
      "Reply-To": "Roundup issue tracker <issue_tracker@example.com>",
      "Message-Id": "<first@example.com>",
      "X-Roundup-issue-status": "unread",
      "X-Roundup-issue-Id": "1",
    },
    text: "\nNew submission from Fred Jüngling:\n\nSee  \n",
  }, { date: Date.UTC(2026, 11, 4, 23, 41, 59), trackerName: "Tracker" });
  assert.equal(
    text,
    [
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="utf-8"',
      "Reply-To: Roundup issue tracker <issue_tracker@example.com>",
      "Message-Id: <first@example.com>",
      "X-Roundup-issue-status: unread",
      "X-Roundup-issue-Id: 1",
      "Content-Transfer-Encoding: quoted-printable",
      "Subject: [issue1] Login fails = always",
      "To: jim@example.com, kim@example.com",
      "From: =?utf-8?q?Fred_J=C3=BCngling?= <issue_tracker@example.com>",
      "Date: Fri, 04 Dec 2026 23:41:59 +0000",
      "Precedence: bulk",
      "X-Roundup-Name: Tracker",
      "X-Roundup-Loop: hello",
      `X-Roundup-Version: ${VERSION}`,
      "",
      "",
      "New submission from Fred J=C3=BCngling:",
      "",
      "See =20",
      "",
    ].join("\n"),
  );
});

Deno.test("composeMail() lets the caller's Precedence replace the standard one in place", () => {
  const text = composeMail({
    from: "a@x.org",
    to: ["b@x.org"],
    subject: "s",
    headers: { "Precedence": "list", "X-Extra": "1" },
    text: "x",
  }, { date: 0, trackerName: "T" });
  const head = text.split("\n\n")[0]!.split("\n");
  assert.deepEqual(head.slice(2, 4), [
    "X-Extra: 1",
    "Content-Transfer-Encoding: quoted-printable",
  ]);
  assert.ok(head.includes("Precedence: list"));
  assert.ok(!head.includes("Precedence: bulk"));
  assert.equal(rfc822Date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
});

Deno.test("composeMail() lays out attachments as Roundup's nosy mail", () => {
  const bytes = new Uint8Array(32).map((_, i) => i);
  const text = composeMail({
    from: "jim <issue_tracker@example.com>",
    to: ["fred@example.com"],
    subject: "[issue1] logs",
    headers: { "Message-Id": "<third@example.com>", "X-Roundup-issue-Id": "1" },
    text: "\nLogs = attached.",
    attachments: [
      { filename: "a.txt", contentType: "text/plain", content: "plain\n" },
      {
        filename: "server.log",
        contentType: "text/plain; charset=utf-8",
        content: "line one\nnaïve line two",
      },
      {
        filename: "core.bin",
        contentType: "application/octet-stream",
        content: bytes,
      },
    ],
  }, {
    date: Date.UTC(2026, 11, 4, 23, 47, 16),
    trackerName: "T",
    boundary: "B",
  });
  assert.equal(
    text,
    [
      'Content-Type: multipart/mixed; boundary="B"',
      "MIME-Version: 1.0",
      "Message-Id: <third@example.com>",
      "X-Roundup-issue-Id: 1",
      "Subject: [issue1] logs",
      "To: fred@example.com",
      "From: jim <issue_tracker@example.com>",
      "Date: Fri, 04 Dec 2026 23:47:16 +0000",
      "Precedence: bulk",
      "X-Roundup-Name: T",
      "X-Roundup-Loop: hello",
      `X-Roundup-Version: ${VERSION}`,
      "",
      "--B",
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="utf-8"',
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "",
      "Logs =3D attached.",
      "--B",
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="us-ascii"',
      "Content-Disposition: attachment;",
      ' filename="a.txt"',
      "",
      "plain",
      "",
      "--B",
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="utf-8"',
      "Content-Transfer-Encoding: quoted-printable",
      "Content-Disposition: attachment;",
      ' filename="server.log"',
      "",
      "line one",
      "na=C3=AFve line two",
      "--B",
      "Content-Type: application/octet-stream",
      "MIME-Version: 1.0",
      "Content-Transfer-Encoding: base64",
      "Content-Disposition: attachment;",
      ' filename="core.bin"',
      "",
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
      "",
      "--B--",
      "",
    ].join("\n"),
  );
});

Deno.test("foldLong() folds only a header over SMTP's 998 characters, before a space", () => {
  const short = "X-Roundup-issue-keyword: " + "k, ".repeat(20) + "k";
  assert.equal(foldLong(short), short);
  const long = "X-Roundup-issue-keyword: " + "keyword, ".repeat(250) + "end";
  const folded = foldLong(long).split("\n");
  assert.ok(folded.length > 2);
  assert.ok(folded.every((l) => l.length <= 998));
  assert.ok(folded.slice(1).every((l) => l.startsWith(" ")));
  assert.equal(folded.join(""), long);
});
