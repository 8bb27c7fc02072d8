import assert from "node:assert/strict";
import { eml, mailTracker } from "./_testing.ts";
import { BOUNCE_SUBJECT, bounceFor, rawHeaders } from "./bounce.ts";
import { MailError } from "./parse.ts";

const RAW = eml(`Resent-From: Bob <bob@example.com>
From: =?utf-8?q?J=C3=B6rg?= <joerg@example.com>
Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= [colour=red]
Message-ID: <m1@example.com>

Hello
`);

Deno.test("bounceFor() answers the sender with the reason and the original attached", async () => {
  await using t = await mailTracker();
  const out = bounceFor(new MailError("The colour is unknown."), RAW, t);
  assert.deepEqual(out.to, ["bob@example.com"]);
  assert.equal(out.from, "Roundup issue tracker <roundup-admin@example.com>");
  assert.equal(out.subject, BOUNCE_SUBJECT);
  assert.match(
    out.text,
    /could not be handled, and nothing was changed in the tracker\.\n\nThe colour is unknown\.\n/,
  );
  assert.equal(out.headers["In-Reply-To"], "<m1@example.com>");
  assert.equal(out.headers["Auto-Submitted"], "auto-replied");
  assert.deepEqual(out.attachments, [{
    filename: "Grüße [colour=red].eml",
    contentType: "message/rfc822",
    content: RAW,
  }]);
});

Deno.test("bounceFor() follows error_messages_to and keep_real_from", async () => {
  await using both = await mailTracker({
    settings: {
      error_messages_to: "both",
      dispatcher_email: "triage@example.com",
      mailgw_keep_real_from: "yes",
    },
  });
  assert.deepEqual(bounceFor(new MailError("x"), RAW, both).to, [
    "joerg@example.com",
    "triage@example.com",
  ]);
  await using dispatcher = await mailTracker({
    settings: { error_messages_to: "dispatcher", dispatcher_email: "triage" },
  });
  assert.deepEqual(bounceFor(new MailError("x"), RAW, dispatcher).to, [
    "triage@example.com",
  ]);
});

Deno.test("bounceFor() tells the dispatcher when the sender cannot or must not be told", async () => {
  await using t = await mailTracker({
    settings: { dispatcher_email: "triage@example.com" },
  });
  const noFrom = eml("Subject: x\n\nbody\n");
  assert.deepEqual(bounceFor(new MailError("no sender", false), noFrom, t).to, [
    "triage@example.com",
  ]);
  assert.deepEqual(bounceFor(new MailError("internal", false), RAW, t).to, [
    "triage@example.com",
  ]);
  assert.equal(
    bounceFor(new MailError("x"), noFrom, t).attachments![0]!.filename,
    "x.eml",
  );
});

Deno.test("bounceFor() uses the reply subject of help answers", async () => {
  await using t = await mailTracker();
  const out = bounceFor(
    new MailError("How to use it", true, { replySubject: "Mail Gateway Help" }),
    RAW,
    t,
  );
  assert.equal(out.subject, "Mail Gateway Help");
  assert.equal(out.text, "How to use it\n");
});

Deno.test("rawHeaders() unfolds and decodes the header block only", () => {
  const h = rawHeaders(
    eml("Subject: a\n  b =?utf-8?q?=C3=A4?=\nX-A: 1\n\nNot: a header\n"),
  );
  assert.deepEqual(h, [["subject", "a  b ä"], ["x-a", "1"]]);
});
