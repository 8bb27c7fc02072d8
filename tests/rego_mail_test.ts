import assert from "node:assert/strict";
import { join } from "node:path";
import { TestClient, testTracker } from "../server/_test_tracker.ts";
import { handleMail, MailError } from "../mailgw/handler.ts";
import { createMailer } from "../tracker/mailer.ts";

async function registerOnWeb(c: TestClient) {
  const page = await (await c.get("/demo/user?@template=register")).text();
  const res = await c.post("/demo/user", {
    "@action": "register",
    "@csrf": /name="@csrf" value="([^"]+)"/.exec(page)![1]!,
    "@regform": /name="@regform" value="([^"]+)"/.exec(page)![1]!,
    username: "dave",
    realname: "Dave",
    address: "dave@example.com",
    password: "pw",
    "@confirm@password": "pw",
  });
  assert.equal(res.status, 302);
}

function reply(subject: string): Uint8Array {
  return new TextEncoder().encode(
    `From: Dave <dave@example.com>\r\nTo: issues@localhost\r\n` +
      `Message-Id: <r${subject.length}@example.com>\r\nSubject: ${subject}\r\n\r\nyes\r\n`,
  );
}

Deno.test("handleMail() confirms a registration by a reply keeping the subject's key, once", async () => {
  const { t, app, home, close } = await testTracker({
    "web.registration_delay": "0",
    "tracker.email": "issues@localhost",
  });
  try {
    await registerOnWeb(new TestClient(app));
    const debug = join(home, "t", "mail-debug.txt");
    const mail = (await Deno.readTextFile(debug)).replace(/=\n/g, "")
      .replace(/\n[ \t]+/g, " ");
    assert.match(mail, /reply to this mail/);
    const subject = /Subject: (Complete your registration to .* -- key \S+)/
      .exec(mail)![1]!;
    await assert.rejects(t.db.cls("user").lookup("dave"));
    const mailer = createMailer(t.config, {}, { home: t.home });
    const r = await handleMail(t, reply(`Re: ${subject}`), { mailer });
    const id = await t.db.cls("user").lookup("dave");
    assert.deepEqual(r, { status: "created", designator: `user${id}` });
    assert.equal(await t.db.cls("user").get(id, "address"), "dave@example.com");
    assert.equal(await t.db.cls("user").get(id, "roles"), "User");
    assert.match(
      await Deno.readTextFile(debug),
      /Subject: Your registration to Test tracker is complete\nTo: dave@example.com\nFrom: Test tracker <roundup-admin@localhost>\n/,
    );
    // The key is single-use: the web link and a second reply are refused.
    const again = await handleMail(t, reply(`Re: Re: ${subject}`))
      .catch((e) => e);
    assert.ok(again instanceof MailError);
    assert.match(again.message, /unknown, expired or was already used/);
    const users = await t.db.cls("user").filter({
      exact: { username: "dave" },
    });
    assert.equal(users.length, 1);
  } finally {
    await close();
  }
});

Deno.test("handleMail() leaves the key alone when email_registration_confirmation is off", async () => {
  const { t, app, home, close } = await testTracker({
    "web.registration_delay": "0",
    "main.email_registration_confirmation": "no",
    "tracker.email": "issues@localhost",
  });
  try {
    await registerOnWeb(new TestClient(app));
    const mail = (await Deno.readTextFile(join(home, "t", "mail-debug.txt")))
      .replace(/=\n/g, "").replace(/\n[ \t]+/g, " ");
    assert.doesNotMatch(mail, /reply to this mail/);
    const subject = /Subject: (Complete your registration to .* -- key \S+)/
      .exec(mail)![1]!;
    // Without the option the reply is an ordinary mail: dave is not a user, so it is refused.
    await handleMail(t, reply(`Re: ${subject}`)).catch(() => null);
    await assert.rejects(t.db.cls("user").lookup("dave"));
    const otk = / -- key (\S+)/.exec(subject)![1]!;
    const c = new TestClient(app);
    assert.equal(
      (await c.get(`/demo/?@action=confrego&otk=${otk}`)).status,
      302,
    );
    assert.ok(await t.db.cls("user").lookup("dave"));
  } finally {
    await close();
  }
});
