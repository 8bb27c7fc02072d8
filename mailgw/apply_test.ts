/** The write side of the mail gateway as the author's Actor sees it: timezone and permissions. */
import assert from "node:assert/strict";
import { eml, mailTracker, NOW } from "./_testing.ts";
import { handleMail, MailError } from "./handler.ts";

const now = () => NOW;

function mail(subject: string, from = "alice@example.com"): Uint8Array {
  return eml(
    `From: ${from}\nTo: issues@example.com\nSubject: ${subject}\n\nText.\n`,
  );
}

function withDue(spec: { permissions?: unknown[] }): void {
  const classes = (spec as unknown as {
    classes: Array<{ name: string; properties: Record<string, unknown> }>;
  }).classes;
  classes.find((c) => c.name === "issue")!.properties.due = { type: "Date" };
}

Deno.test("applyMailIn() reads dates in the subject in the author's timezone, else the tracker's", async () => {
  await using t = await mailTracker({
    schema: withDue,
    settings: { timezone: "America/New_York" },
  });
  await t.db.cls("user").set("3", { timezone: "Europe/Vienna" });
  await handleMail(t, mail("First [due=2026-03-05.12:00]"), { now });
  assert.equal(
    await t.db.cls("issue").get("1", "due"),
    Date.UTC(2026, 2, 5, 11, 0),
  );
  await handleMail(
    t,
    mail("Second [due=2026-03-05.12:00]", "bob@example.com"),
    { now },
  );
  assert.equal(
    await t.db.cls("issue").get("2", "due"),
    Date.UTC(2026, 2, 5, 17, 0),
  );
});

Deno.test("applyMailIn() refuses what the author's roles do not allow, naming it", async () => {
  await using t = await mailTracker({
    schema: (spec) => {
      // Users may create issues but not set their priority.
      const perms = spec.permissions as Array<
        { name: string; klass?: string; roles: string[] }
      >;
      for (const p of perms) {
        if (p.name === "Create" && p.klass === "issue") {
          p.roles = p.roles.filter((r) => r !== "User");
        }
      }
      perms.push({
        name: "Create",
        klass: "issue",
        properties: ["title", "messages", "nosy", "status", "files"],
        roles: ["User"],
      } as never);
    },
  });
  const ok = await handleMail(t, mail("Allowed"), { now });
  assert.equal(ok.status, "created");
  await assert.rejects(
    handleMail(t, mail("Not allowed [priority=urgent]"), { now }),
    (e) =>
      e instanceof MailError &&
      /You are not allowed to set the priority of issue items/.test(e.message),
  );
  assert.deepEqual(await t.db.cls("issue").list(), ["1"]);
});

Deno.test("applyMailIn() bounces a bad value as the sender's to fix and writes nothing", async () => {
  await using t = await mailTracker();
  await assert.rejects(
    handleMail(t, mail("Bad [status=nosuch]"), { now }),
    (e) => e instanceof MailError && /nosuch/.test(e.message),
  );
  assert.deepEqual(await t.db.cls("issue").list(), []);
});
