import assert from "node:assert/strict";
import { eml, mailTracker, NOW } from "./_testing.ts";
import { handleMail, ignoreReason, MailError } from "./handler.ts";
import { parseMail } from "./parse.ts";

const now = () => NOW;

function mail(
  subject: string,
  body = "Some text.",
  head = "From: Alice <alice@example.com>\n",
): Uint8Array {
  return eml(`${head}To: issues@example.com\nSubject: ${subject}\n\n${body}\n`);
}

Deno.test("handleMail() creates an issue with the msg, its summary and ids", async () => {
  await using t = await mailTracker();
  const r = await handleMail(
    t,
    mail(
      "Printer jams",
      "It jams. Always.",
      "From: Alice <alice@example.com>\nMessage-ID: <p1@example.com>\nIn-Reply-To: <elsewhere@example.com>\n",
    ),
    { now },
  );
  assert.deepEqual(r, { status: "created", designator: "issue1", msgId: "1" });
  const issue = await t.db.cls("issue").getItem("1");
  assert.deepEqual([
    issue.title,
    issue.messages,
    issue.nosy,
    issue.status,
    issue.creator,
  ], ["Printer jams", ["1"], ["3"], "1", "3"]);
  const msg = await t.db.cls("msg").getItem("1");
  assert.deepEqual([
    msg.author,
    msg.date,
    msg.summary,
    msg.messageid,
    msg.inreplyto,
  ], [
    "3",
    NOW,
    "It jams. Always.",
    "<p1@example.com>",
    "<elsewhere@example.com>",
  ]);
});

Deno.test("handleMail() makes up a message id when the mail has none", async () => {
  await using t = await mailTracker();
  await handleMail(t, mail("No id"), { now });
  assert.match(
    String(await t.db.cls("msg").get("1", "messageid")),
    /^<1772445600\.00\.[A-Z2-7]{10}\.issue@example\.com>$/,
  );
});

Deno.test("handleMail() applies -S settings per class, the subject winning for the item", async () => {
  await using t = await mailTracker({ anonymousMail: true });
  const setFields = [
    { cls: "issue", prop: "priority", value: "bug;keyword=" },
    { cls: "issue", prop: "assignedto", value: "bob" },
    { prop: "summary", value: "set by -S" },
    { cls: "user", prop: "organisation", value: "Partner Ltd" },
  ];
  await handleMail(
    t,
    mail(
      "[issue] From the partner portal [assignedto=alice]",
      "Hi",
      "From: alice@example.com\nCc: pat@partner.example\n",
    ),
    { now, setFields },
  );
  const issue = await t.db.cls("issue").getItem("1");
  assert.deepEqual([issue.priority, issue.assignedto], ["3", "3"]);
  assert.equal(await t.db.cls("msg").get("1", "summary"), "set by -S");
  const pat = await t.db.cls("user").filter({
    exact: { address: "pat@partner.example" },
  });
  assert.equal(
    await t.db.cls("user").get(pat[0]!, "organisation"),
    "Partner Ltd",
  );
  await assert.rejects(
    () =>
      handleMail(t, mail("x"), {
        now,
        setFields: [{ cls: "widget", prop: "a", value: "b" }],
      }),
    /set up wrongly.*no class "widget"/s,
  );
  await assert.rejects(
    () =>
      handleMail(t, mail("x"), {
        now,
        setFields: [{ cls: "issue", prop: "colour", value: "red" }],
      }),
    /set up wrongly.*"colour" is not a property of issue/s,
  );
});

Deno.test("handleMail() files mail without a class under -c, else [mailgw] default_class", async () => {
  await using t = await mailTracker({ settings: { mailgw_default_class: "" } });
  await assert.rejects(
    () => handleMail(t, mail("No class"), { now }),
    /does not say what it is about/,
  );
  const r = await handleMail(t, mail("No class [name=triage]"), {
    now,
    defaultClass: "keyword",
  });
  assert.equal(r.designator, "keyword1");
});
Deno.test("handleMail() creates an item without a msg when the body is empty", async () => {
  await using t = await mailTracker();
  const r = await handleMail(t, mail("[issue] Title only", ""), { now });
  assert.deepEqual(r, { status: "created", designator: "issue1" });
  assert.deepEqual(await t.db.cls("issue").get("1", "messages"), []);
});

Deno.test("handleMail() takes the author from Resent-From unless keep_real_from is set", async () => {
  const head = "Resent-From: bob@example.com\nFrom: alice@example.com\n";
  {
    await using t = await mailTracker();
    await handleMail(t, mail("Forwarded", "x", head), { now });
    assert.equal(await t.db.cls("msg").get("1", "author"), "4");
  }
  await using t = await mailTracker({
    settings: { mailgw_keep_real_from: "yes" },
  });
  await handleMail(t, mail("Forwarded", "x", head), { now });
  assert.equal(await t.db.cls("msg").get("1", "author"), "3");
});

Deno.test("handleMail() answers help requests and refuses mail without subject or sender", async () => {
  await using t = await mailTracker();
  await assert.rejects(
    () => handleMail(t, mail(" Help "), { now }),
    (e: Error) =>
      e instanceof MailError && e.replySubject === "Mail Gateway Help" &&
      /\[issue12\] Any text/.test(e.message),
  );
  await assert.rejects(
    () => handleMail(t, mail(""), { now }),
    /has no subject/,
  );
  await assert.rejects(
    () => handleMail(t, eml("Subject: x\n\nbody\n"), { now }),
    (e: Error) => e instanceof MailError && !e.bounce,
  );
});

Deno.test("ignoreReason() drops loops, bulk mail and autoreplies as Roundup does", async () => {
  const reason = async (head: string, subject = "x") =>
    ignoreReason(
      await parseMail(mail(subject, "b", `From: a@b.example\n${head}`)),
    );
  assert.match(await reason("X-Roundup-Loop: hello\n") ?? "", /loop/);
  assert.match(await reason("Precedence: Bulk\n") ?? "", /bulk/);
  assert.match(await reason("Precedence: junk\n") ?? "", /junk/);
  assert.match(
    await reason("Auto-Submitted: auto-generated (cron)\n") ?? "",
    /auto-generated/,
  );
  assert.match(await reason("X-Autorespond: yes\n") ?? "", /x-autorespond/);
  assert.match(
    await reason("", "Re: [issue1] AutoReply: away") ?? "",
    /subject/,
  );
  assert.match(
    await reason("", "Automatic reply: [issue1] x") ?? "",
    /subject/,
  );
  assert.equal(
    await reason("Auto-Submitted: No \nPrecedence: first-class\n"),
    null,
  );
  assert.equal(await reason("", "Autoreply settings are wrong"), null);
});
