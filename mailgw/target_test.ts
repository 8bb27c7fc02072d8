import assert from "node:assert/strict";
import { eml, mailTracker, NOW } from "./_testing.ts";
import { handleMail, MailError } from "./handler.ts";
import { Reject } from "../store/mod.ts";

const now = () => NOW;

function mail(
  subject: string,
  body = "Some text.",
  head = "From: Alice <alice@example.com>\n",
): Uint8Array {
  return eml(`${head}To: issues@example.com\nSubject: ${subject}\n\n${body}\n`);
}

Deno.test("handleMail() threads by References and falls back to the title when a reply is ambiguous", async () => {
  await using t = await mailTracker();
  await handleMail(
    t,
    mail("Printer jams", "a", "From: alice@example.com\nMessage-ID: <a1@x>\n"),
    { now },
  );
  await handleMail(
    t,
    mail("Scanner jams", "b", "From: alice@example.com\nMessage-ID: <b1@x>\n"),
    { now },
  );
  const byRefs = await handleMail(
    t,
    mail(
      "Paper everywhere",
      "c",
      "From: bob@example.com\nIn-Reply-To: <unknown@x>\nReferences: <a1@x> <unknown@x>\n",
    ),
    { now },
  );
  assert.equal(byRefs.designator, "issue1");
  // msg1 now sits on two issues: the In-Reply-To is ambiguous, so the title decides.
  await t.db.cls("issue").set("2", { messages: ["2", "1"] });
  const r = await handleMail(
    t,
    mail("Scanner jams", "d", "From: bob@example.com\nIn-Reply-To: <a1@x>\n"),
    { now },
  );
  assert.equal(r.designator, "issue2");
});

Deno.test("handleMail() matches titles only as subject_content_match allows", async () => {
  await using never = await mailTracker({
    settings: { mailgw_subject_content_match: "never" },
  });
  await handleMail(never, mail("Printer jams"), { now });
  assert.equal(
    (await handleMail(never, mail("Re: Printer jams"), { now })).designator,
    "issue2",
  );
  await using recent = await mailTracker({
    settings: { mailgw_subject_content_match: "creation + 1d" },
  });
  await handleMail(recent, mail("Printer jams"), { now });
  assert.equal(
    (await handleMail(recent, mail("Re: Printer jams"), { now })).designator,
    "issue1",
  );
  const later = () => NOW + 2 * 86400_000;
  assert.equal(
    (await handleMail(recent, mail("Re: Printer jams"), { now: later }))
      .designator,
    "issue2",
  );
});

Deno.test("handleMail() leaves the title alone when subject_updates_title is off", async () => {
  await using t = await mailTracker({
    settings: { mailgw_subject_updates_title: "no" },
  });
  await handleMail(t, mail("Printer jams"), { now });
  await handleMail(t, mail("Re: [issue1] printer JAMS!!"), { now });
  assert.equal(await t.db.cls("issue").get("1", "title"), "Printer jams");
});

Deno.test("handleMail() checks Create and Edit permissions down to properties", async () => {
  await using t = await mailTracker({
    schema: (spec) => {
      (spec as { roles: unknown[] }).roles.push({
        name: "Mailer",
        description: "",
      }, { name: "Replier", description: "" });
      spec.permissions!.push(
        { name: "Email Access", roles: ["Mailer", "Replier"] },
        { name: "Create", klass: "msg", roles: ["Replier"] },
        {
          name: "Edit",
          klass: "issue",
          properties: ["messages", "title"],
          roles: ["Replier"],
        },
      );
    },
  });
  await t.db.cls("user").create({
    username: "dave",
    address: "dave@example.com",
    roles: "Mailer",
  });
  await t.db.cls("user").create({
    username: "erin",
    address: "erin@example.com",
    roles: "Replier",
  });
  await assert.rejects(
    () => handleMail(t, mail("New", "x", "From: dave@example.com\n"), { now }),
    /not allowed to create issue items/,
  );
  await handleMail(t, mail("Printer jams"), { now });
  const erin = "From: erin@example.com\n";
  assert.equal(
    (await handleMail(t, mail("Re: [issue1] Printer jams", "me too", erin), {
      now,
    })).status,
    "updated",
  );
  await assert.rejects(
    () =>
      handleMail(
        t,
        mail("Re: [issue1] Printer jams [priority=urgent]", "x", erin),
        { now },
      ),
    /not allowed to change the priority of issue items/,
  );
});

Deno.test("handleMail() writes nothing when any step fails", async () => {
  await using t = await mailTracker({ anonymousMail: true });
  t.db.audit("issue", "create", (ctx) => {
    if (String(ctx.changes.title).includes("spam")) {
      throw new Reject("No spam, please");
    }
  });
  const users = (await t.db.cls("user").list()).length;
  await assert.rejects(
    () =>
      handleMail(
        t,
        mail(
          "Cheap spam",
          "Buy now",
          "From: new@spam.example\nCc: other@spam.example\n",
        ),
        { now },
      ),
    (e: Error) =>
      e instanceof MailError &&
      /could not be applied to issue: No spam, please/.test(e.message),
  );
  assert.equal((await t.db.cls("user").list()).length, users);
  assert.deepEqual(await t.db.cls("msg").list(), []);
  t.db.audit("msg", "create", () => {
    throw new Reject("Messages are closed");
  });
  await assert.rejects(
    () => handleMail(t, mail("Fine"), { now }),
    /A detector of the tracker refused your message: Messages are closed/,
  );
});

Deno.test("handleMail() leaves the nosy list to [nosy] add_author and add_recipients", async () => {
  await using t = await mailTracker({
    settings: { nosy_add_author: "no", nosy_add_recipients: "yes" },
  });
  const from = (who: string, cc: string) => `From: ${who}\nCc: ${cc}\n`;
  await handleMail(
    t,
    mail("Printer jams", "x", from("alice@example.com", "bob@example.com")),
    { now },
  );
  assert.deepEqual(await t.db.cls("issue").get("1", "nosy"), ["4"]);
  await handleMail(
    t,
    mail(
      "Re: [issue1] Printer jams",
      "y",
      from("bob@example.com", "carol@example.com"),
    ),
    { now },
  );
  assert.deepEqual(await t.db.cls("issue").get("1", "nosy"), ["4", "5"]);
});

Deno.test("handleMail() refuses an attachment over max_file_size, naming it", async () => {
  await using t = await mailTracker({ settings: { max_file_size: "1000" } });
  const big = btoa("x".repeat(3000)).replace(/.{76}/g, "$&\n");
  const raw = mail(
    "Logs",
    `--B\nContent-Type: text/plain\n\nSee log.\n--B\nContent-Type: text/plain; name=big.log\n` +
      `Content-Disposition: attachment; filename=big.log\nContent-Transfer-Encoding: base64\n\n${big}\n--B--`,
    'From: bob@example.com\nContent-Type: multipart/mixed; boundary="B"\n',
  );
  await assert.rejects(
    () => handleMail(t, raw, { now }),
    (e: Error) =>
      e instanceof MailError &&
      /^Your attachment "big.log" could not be stored: /.test(e.message),
  );
  assert.deepEqual(await t.db.cls("issue").list(), []);
});
