import assert from "node:assert/strict";
import { join } from "node:path";
import { createMailer } from "../tracker/mailer.ts";
import { deliverBatch } from "./deliver.ts";
import { eml, mailTracker } from "./_testing.ts";

const mail = (subject: string, id: string) =>
  eml(
    `From: Alice <alice@example.com>\nTo: issues@example.com\nSubject: ${subject}\nMessage-Id: <${id}@x>\n\nText of ${id}.\n`,
  );

Deno.test("deliverBatch() commits good mails together and takes out the one that fails", async () => {
  await using t = await mailTracker();
  const mailer = createMailer(t.config, {}, { home: t.home });
  const out = await deliverBatch(t, mailer, [
    { raw: mail("[issue] First problem", "a"), label: "m1" },
    { raw: mail("[issue1] follow-up [status=nonsense]", "b"), label: "m2" },
    { raw: mail("Re: [issue1] more", "c"), label: "m3" },
    { raw: mail("[issue] Second problem", "d"), label: "m4" },
  ], {});
  assert.deepEqual(out.map((o) => o.ok), [true, false, true, true]);
  assert.match(
    out[1]!.line,
    /^m2: kept and bounced: .*nonsense/s,
    out[1]!.line,
  );
  assert.deepEqual(await t.db.cls("issue").list(), ["1", "2"]);
  assert.equal(
    ((await t.db.cls("issue").get("1", "messages")) as string[]).length,
    2,
    "m1 and m3 (a reply in the same batch)",
  );
  const log = await Deno.readTextFile(join(t.home, "..", "mail.log"));
  assert.equal(
    log.match(/Subject: Failed issue tracker submission/g)?.length,
    1,
  );
});
