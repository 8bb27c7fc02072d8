import assert from "node:assert/strict";
import { openDb, Reject, resolveSchema, type Values } from "../../store/mod.ts";
import {
  parseConfigIni,
  parseDetectorsConfigIni,
} from "../../tracker/config.ts";
import { schema } from "../classic/schema.ts";
import { installDetectors } from "../mod.ts";
import { withClassicDb as withDb } from "../../tests/_helpers.ts";

const TWO_USERS = "[statusauditor]\nchatting_requires_two_users = yes\n";

// [what, detectors/config.ini, status before (null: none), who adds, change, status after]
const STATUS_ROWS: Array<
  [string, string, string | null, string, Values, string]
> = [
  [
    "a message moves unread to chatting",
    "",
    "1",
    "3",
    { messages: ["M"] },
    "3",
  ],
  [
    "a message moves resolved to chatting",
    "",
    "8",
    "3",
    { messages: ["M"] },
    "3",
  ],
  [
    "a message moves done-cbb to chatting",
    "",
    "7",
    "3",
    { messages: ["M"] },
    "3",
  ],
  ["a message moves an issue without status to chatting", "", null, "3", {
    messages: ["M"],
  }, "3"],
  [
    "a message leaves in-progress alone",
    "",
    "5",
    "3",
    { messages: ["M"] },
    "5",
  ],
  [
    "an explicit status wins",
    "",
    "1",
    "3",
    { messages: ["M"], status: "6" },
    "6",
  ],
  ["no new message, no change", "", "1", "3", { title: "renamed" }, "1"],
  [
    "the creator's own message keeps unread with two users required",
    TWO_USERS,
    "1",
    "3",
    { messages: ["M"] },
    "1",
  ],
  [
    "someone else's message sets chatting with two users required",
    TWO_USERS,
    "1",
    "4",
    { messages: ["M"] },
    "3",
  ],
  [
    "the creator's message still reopens resolved with two users required",
    TWO_USERS,
    "8",
    "3",
    { messages: ["M"] },
    "3",
  ],
  [
    "a value Roundup cannot read counts as no",
    "[statusauditor]\nchatting_requires_two_users = maybe\n",
    "1",
    "3",
    { messages: ["M"] },
    "3",
  ],
];

Deno.test("statusauditor sets chatting as Roundup does", async () => {
  for (const [what, ini, before, actor, change, after] of STATUS_ROWS) {
    await withDb({ ini }, async (db) => {
      const issue = await db.cls("issue").create({ title: "t" }, {
        actor: "3",
      });
      await db.cls("issue").set(issue, { status: before });
      const msg = await db.cls("msg").create({ content: "hi", author: actor }, {
        actor,
      });
      const values = { ...change };
      if (values.messages) values.messages = [msg];
      await db.cls("issue").set(issue, values, { actor });
      assert.equal(await db.cls("issue").get(issue, "status"), after, what);
    });
  }
});

Deno.test("statusauditor makes a new issue unread unless a status is given", async () => {
  await withDb({}, async (db) => {
    assert.equal(
      await db.cls("issue").get(
        await db.cls("issue").create({ title: "a" }),
        "status",
      ),
      "1",
    );
    assert.equal(
      await db.cls("issue").get(
        await db.cls("issue").create({ title: "b", status: "2" }),
        "status",
      ),
      "2",
    );
  });
});

// [what, user id to change (null: create), values, Reject message or null]
const USER_ROWS: Array<[string, string | null, Values, string | null]> = [
  ["a plain new user", null, {
    username: "carol.x+y@z",
    address: "carol@example.com",
  }, null],
  ["a local address", null, { username: "root", address: "root" }, null],
  [
    "a space in a username",
    null,
    { username: "carol smith" },
    "Username/Login Name must consist only of the letters a-z (any case), digits 0-9 and the symbols: @._-!+%",
  ],
  [
    "a username changed to a bad one",
    "3",
    { username: "al/ice" },
    "Username/Login Name must consist only of the letters a-z (any case), digits 0-9 and the symbols: @._-!+%",
  ],
  [
    "a bad address",
    null,
    { username: "carol", address: "carol@" },
    'Email address syntax is invalid "carol@"',
  ],
  ["a bad alternate address", "4", {
    alternate_addresses: "bob@work.example\nnot an address",
  }, 'Email address syntax is invalid "not an address"'],
  ["someone else's address", null, {
    username: "carol",
    address: "bob@example.com",
  }, "Email address bob@example.com already in use"],
  [
    "someone else's alternate address",
    "4",
    { address: "al@home.example" },
    "Email address al@home.example already in use",
  ],
  ["someone else's address as an alternate", "4", {
    alternate_addresses: "alice@example.com",
  }, "Email address alice@example.com already in use"],
  ["one's own address again", "3", {
    address: "alice@example.com",
    alternate_addresses: "al@home.example",
  }, null],
  ["someone else's address in another case", null, {
    username: "carol",
    address: "BOB@example.com",
  }, "Email address BOB@example.com already in use"],
  ["a part of someone else's alternate address", "4", {
    alternate_addresses: "home.example",
  }, "Email address home.example already in use"],
  ["known roles in any case", "3", { roles: "user, ADMIN," }, null],
  [
    "an unknown role",
    "3",
    { roles: "User,Boss" },
    'Role "boss" does not exist',
  ],
  ["a timezone name", "3", { timezone: "Europe/Berlin" }, null],
  ["an hour offset", "3", { timezone: "-5" }, null],
  [
    "an offset of a day",
    "3",
    { timezone: "24" },
    'Timezone "24" exceeds valid range [-23...23]',
  ],
  [
    "an unknown timezone",
    "3",
    { timezone: "Mars/Olympus" },
    'Timezone "Mars/Olympus" does not exist',
  ],
];

Deno.test("userauditor checks user properties as Roundup does", async () => {
  for (const [what, id, values, error] of USER_ROWS) {
    await withDb({}, async (db) => {
      const write = id === null
        ? db.cls("user").create(values)
        : db.cls("user").set(id, values);
      if (error === null) await write;
      else {await assert.rejects(write, (e) =>
          e instanceof Reject && e.message === error, what);}
    });
  }
});

Deno.test("installDetectors() rejects an unknown detector", async () => {
  const db = openDb(await Deno.openKv(":memory:"), resolveSchema(schema));
  try {
    assert.throws(
      () =>
        installDetectors(db, ["nosyreaction", "spamfilter"], {
          config: parseConfigIni(""),
          detectors: parseDetectorsConfigIni(""),
        }),
      {
        name: "InvalidValueError",
        message:
          /"spamfilter".*statusauditor, userauditor, messagesummary, nosyreaction/,
      },
    );
  } finally {
    db.close();
  }
});
