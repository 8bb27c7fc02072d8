import assert from "node:assert/strict";
import { mailTracker } from "./_testing.ts";
import {
  authorOf,
  findUser,
  type MailUserContext,
  mayRegisterByMail,
  recipientsOf,
  userFor,
} from "./users.ts";
import { MailError, type ParsedMail } from "./parse.ts";
import type { Tracker } from "../tracker/home.ts";
import { verifyPassword } from "../store/password.ts";

function inTx<T>(
  t: Tracker,
  fn: (ctx: MailUserContext) => Promise<T>,
): Promise<T> {
  return t.db.transact((tx) => fn({ tracker: t, tx }));
}

Deno.test("findUser() matches addresses in any case and alternate addresses line by line", async () => {
  await using t = await mailTracker();
  await t.db.cls("user").create({
    username: "support",
    address: "discuss-support@example.com",
    alternate_addresses: "helpdesk-old@example.com",
  });
  await inTx(t, async (ctx) => {
    assert.equal(await findUser(ctx, "ALICE@example.com"), "3");
    assert.equal(await findUser(ctx, "bob@example.com"), "4");
    assert.equal(await findUser(ctx, "A.Able@CORP.example.org"), "3");
    assert.equal(await findUser(ctx, "alice@home.example.net"), "3");
    assert.equal(await findUser(ctx, "support@example.com"), null);
    assert.equal(await findUser(ctx, "old@example.com"), null);
    assert.equal(await findUser(ctx, ""), null);
  });
});

Deno.test("findUser() skips retired users", async () => {
  await using t = await mailTracker();
  const users = t.db.cls("user");
  const gone = await users.create({
    username: "gone",
    address: "gone@example.com",
  });
  await users.retire(gone);
  assert.equal(await inTx(t, (ctx) => findUser(ctx, "gone@example.com")), null);
});

Deno.test("mayRegisterByMail() needs Register and Email Access for Anonymous", async () => {
  {
    await using t = await mailTracker();
    assert.equal(await inTx(t, mayRegisterByMail), false);
  }
  await using open = await mailTracker({ anonymousMail: true });
  assert.equal(await inTx(open, mayRegisterByMail), true);
});

Deno.test("userFor() registers a unique username with a random password and the mail's name", async () => {
  await using t = await mailTracker({
    settings: { new_email_user_roles: "Anonymous" },
  });
  const id = await inTx(
    t,
    (ctx) =>
      userFor(ctx, { name: "Alice Other", address: "alice@other.example" }, {
        create: true,
        props: { organisation: "Other Ltd" },
      }),
  );
  const u = await t.db.cls("user").getItem(id!);
  assert.deepEqual(
    [u.username, u.address, u.realname, u.roles, u.organisation],
    [
      "alice1",
      "alice@other.example",
      "Alice Other",
      "Anonymous",
      "Other Ltd",
    ],
  );
  assert.match(String(u.password), /^\{PBKDF2S5\}1000\$/);
  assert.equal(await verifyPassword("", String(u.password)), false);
  const again = await inTx(
    t,
    (ctx) =>
      userFor(ctx, { name: "", address: "ALICE@other.example" }, {
        create: true,
      }),
  );
  assert.equal(again, id);
  assert.equal(
    await inTx(
      t,
      (ctx) =>
        userFor(ctx, { name: "", address: "x@y.example" }, { create: false }),
    ),
    null,
  );
});

Deno.test("userFor() gives up quietly when an auditor refuses the new user", async () => {
  await using t = await mailTracker();
  // The user auditor refuses usernames with characters outside a-z, 0-9 and @._-!+%.
  const id = await inTx(
    t,
    (ctx) =>
      userFor(ctx, { name: "", address: "o'brien@example.ie" }, {
        create: true,
      }),
  );
  assert.equal(id, null);
});

Deno.test("authorOf() refuses unknown senders, explaining how to register", async () => {
  await using t = await mailTracker();
  await assert.rejects(
    () =>
      inTx(
        t,
        (ctx) =>
          authorOf(ctx, { name: "Sam", address: "sam@elsewhere.example" }),
      ),
    (e: Error) =>
      e instanceof MailError && e.bounce &&
      /sam@elsewhere.example does not belong to any user/.test(e.message) &&
      e.message.includes(
        "http://tracker.example.com/demo/user?@template=register",
      ),
  );
  await assert.rejects(
    () =>
      inTx(
        t,
        (ctx) => authorOf(ctx, { name: "", address: "carol@example.com" }),
      ),
    /may not use the mail interface/,
  );
  assert.equal(
    await inTx(
      t,
      (ctx) => authorOf(ctx, { name: "", address: "alice@example.com" }),
    ),
    "3",
  );
});

Deno.test("authorOf() registers unknown senders when Anonymous may", async () => {
  await using t = await mailTracker({ anonymousMail: true });
  const id = await inTx(
    t,
    (ctx) =>
      authorOf(ctx, { name: "Sam Stranger", address: "sam@elsewhere.example" }),
  );
  assert.equal(await t.db.cls("user").get(id, "username"), "sam");
});

Deno.test("recipientsOf() skips the tracker, repeats and unknown addresses unless registration is open", async () => {
  const mail = {
    to: [{ name: "", address: "ISSUES@example.com" }, {
      name: "Bob",
      address: "bob@example.com",
    }],
    cc: [{ name: "", address: "bob@example.com" }, {
      name: "Erin",
      address: "erin@new.example",
    }, { name: "", address: "" }],
  } as ParsedMail;
  {
    await using t = await mailTracker();
    assert.deepEqual(await inTx(t, (ctx) => recipientsOf(ctx, mail)), ["4"]);
  }
  await using t = await mailTracker({ anonymousMail: true });
  const ids = await inTx(t, (ctx) => recipientsOf(ctx, mail));
  assert.equal(ids.length, 2);
  assert.equal(await t.db.cls("user").get(ids[1]!, "realname"), "Erin");
});
