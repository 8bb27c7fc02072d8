/** create, set, retire, restore and history: output, journal wording, and all-or-nothing failures. */
import assert from "node:assert/strict";
import { admin, makeTracker, NOW, setup } from "./fixture_test.ts";

async function withTracker(fn: (home: string) => Promise<void>): Promise<void> {
  const { home, cleanup } = await makeTracker();
  try {
    await fn(home);
  } finally {
    await cleanup();
  }
}

const LATER = NOW + 60_000;
const D = "2003-03-08.22:07:48";
const D2 = "2003-03-08.22:08:48";

Deno.test("create prints the new id and set, retire and restore write Roundup's journal", async () => {
  await withTracker(async (home) => {
    let r = await admin(home, [
      "create",
      "issue",
      "title=first issue",
      "status=chatting",
      "priority=bug",
      "nosy=admin,anonymous",
    ]);
    assert.deepEqual([r.code, r.out], [0, "1\n"]);
    await setup(home, ["create", "user", "username=fred", "roles=User"], [
      "create",
      "issue",
      "title=second",
    ]);
    r = await admin(home, [
      "set",
      "issue1",
      "status=resolved",
      "nosy=+fred",
      "title=changed title",
      "assignedto=fred",
    ], {
      now: LATER,
    });
    assert.deepEqual([r.code, r.out], [0, ""]);
    // Each change at its own time: the store files journal entries by time.
    for (
      const [i, args] of [["set", "issue1", "nosy=-anonymous"], [
        "retire",
        "issue2",
      ], ["restore", "issue2"]].entries()
    ) {
      assert.equal(
        (await admin(home, args, { now: LATER + (i + 1) * 60_000 })).code,
        0,
      );
    }
    r = await admin(home, ["history", "issue1"]);
    assert.equal(
      r.out,
      `admin(${D}) create issue\n` +
        // Properties in name order, as Roundup prints them.
        `admin(${D2}) set assignedto was None; modified nosy: added: fred(3); status was chatting(3); title was 'first issue'\n` +
        `admin(2003-03-08.22:09:48) set modified nosy: removed: anonymous(2)\n`,
    );
    r = await admin(home, ["history", "issue2"]);
    assert.equal(
      r.out,
      `admin(${D}) create issue\nadmin(2003-03-08.22:10:48) retired issue\nadmin(2003-03-08.22:11:48) restored issue\n`,
    );
    r = await admin(home, ["history", "status8"]);
    assert.equal(
      r.out,
      `admin(${D}) create status\nadmin(${D2}) link added issue1 to status\n`,
    );
    r = await admin(home, ["history", "status3"]);
    assert.match(
      r.out,
      new RegExp(
        `admin\\(${
          D2.replace(".", "\\.")
        }\\) unlink removed issue1 from status\\n$`,
      ),
    );
    r = await admin(home, ["history", "issue1", "raw"]);
    assert.match(
      r.out,
      /^\[\('1', <Date 2003-03-08\.22:07:48\.000>, '1', 'create', \{\}\), /,
    );
    assert.match(
      r.out,
      /\{'assignedto': None, 'nosy': \(\('\+', \['3'\]\),\), 'status': '3', 'title': 'first issue'\}\)/,
    );
  });
});

Deno.test("set takes a class for all its items, Multilink edits and empty values", async () => {
  await withTracker(async (home) => {
    await setup(
      home,
      ["create", "thing", "name=a", "num=1", "owner=admin"],
      ["create", "thing", "name=b"],
      ["set", "thing", "cnt=7"],
      ["set", "thing1", "owner=", "num="],
      ["create", "issue", "title=x", "nosy=1"],
      ["set", "issue1", "nosy=+anonymous,+user1"],
    );
    assert.equal(
      (await admin(home, ["-c", "list", "thing", "cnt"])).out,
      "7,7\n",
    );
    assert.equal((await admin(home, ["get", "owner", "thing1"])).out, "None\n");
    assert.equal(
      (await admin(home, ["get", "nosy", "issue1"])).out,
      "['1', '2']\n",
    );
    await setup(home, ["set", "issue1", "nosy=anonymous"]);
    assert.equal((await admin(home, ["get", "nosy", "issue1"])).out, "['2']\n");
    await setup(home, [
      "set",
      "thing2",
      "flag=on",
      "dur=2w 3d",
      "when=2000-04-17.03:45",
      "pw={SHA}abc",
    ]);
    const r = await admin(home, ["display", "thing2"]);
    assert.match(r.out, /dur: \+ 17d\nflag: True\n/);
    assert.match(r.out, /pw: \{SHA\}abc\nwhen: 2000-04-17\.03:45:00\n/);
  });
});

Deno.test("create asks for each property when only the class is given", async () => {
  await withTracker(async (home) => {
    const r = await admin(home, ["create", "user"], {
      input: [
        "jo",
        "pw1",
        "pw2",
        "pw",
        "pw",
        "jo@example.com",
        "",
        "",
        "",
        "",
        "",
        "User",
        "",
      ],
    });
    assert.equal(r.code, 0, r.out);
    assert.equal(
      r.out,
      "Username (String): Password (Password):    Password (Again): The two passwords differ, please try again\n" +
        "Password (Password):    Password (Again): Address (String): Realname (String): Phone (String): " +
        "Organisation (String): Alternate_addresses (String): Queries (Multilink): Roles (String): " +
        "Timezone (String): 3\n",
    );
    assert.equal(
      (await admin(home, ["get", "address", "user3"])).out,
      "jo@example.com\n",
    );
  });
});

const FAILURES: Array<[string[], RegExp]> = [
  [
    ["create", "thing", "name=c", "when=garbage"],
    /Error: Cannot set thing\.when to "garbage": expected a date/,
  ],
  [
    ["create", "thing", "name=c", "dur=xx"],
    /Error: Cannot set thing\.dur to "xx": expected an interval/,
  ],
  [
    ["create", "thing", "name=c", "num=xx"],
    /Error: Cannot set thing\.num to "xx": expected a number/,
  ],
  [
    ["create", "thing", "name=c", "cnt=1.5"],
    /Error: Cannot set thing\.cnt to "1\.5": expected a whole number/,
  ],
  [
    ["create", "thing", "name=c", "flag=maybe"],
    /Error: Cannot set thing\.flag to "maybe": expected yes or no/,
  ],
  [["create", "thing", "name=a"], /Error: Key "a" is already used by thing1/],
  [
    ["create", "thing", "name=c", "owner=nobody"],
    /Error: Cannot set thing\.owner to "nobody": no user has username "nobody"/,
  ],
  [
    ["create", "thing", "name=c", "owner=99"],
    /Error: Cannot set thing\.owner to "99": user99 does not exist/,
  ],
  [
    ["create", "thing", "name=c", "pw={XX}y"],
    /Error: Cannot set thing\.pw: unknown password scheme "XX"/,
  ],
  [
    ["create", "thing", "flag=1"],
    /Error: Give the key property "name" to create a thing/,
  ],
  [
    ["create", "thing", "name=c", "creator=1"],
    /Error: Cannot set thing\.creator: it is set automatically/,
  ],
  [["create", "nosuch", "a=b"], /Error: There is no class "nosuch"/],
  [["create"], /Error: Too few arguments: give a class name/],
  [["set", "thing1", "foo=bar"], /Error: Class "thing" has no property "foo"/],
  [
    ["set", "thing1", "name"],
    /Error: Argument "name" is not of the form property=value/,
  ],
  [["set", "thing1"], /Error: Too few arguments/],
  [["set", "thing1,thing99", "cnt=5"], /Error: There is no thing99/],
  [["set", "thing1,12", "cnt=5"], /Error: "12" is not a designator/],
  [
    ["set", "thing1", "cnt=5", "owner=nobody"],
    /Error: Cannot set thing\.owner to "nobody"/,
  ],
  [["retire", "thing1,thing99"], /Error: There is no thing99/],
  [["retire", "foo1"], /Error: There is no class "foo"/],
  [["retire", "12"], /Error: "12" is not a designator/],
  [["restore", "thing1"], /Error: Cannot restore thing1: it is not retired/],
];

Deno.test("a failing command prints one clear line and its usage, exits 1 and changes nothing", async () => {
  await withTracker(async (home) => {
    await setup(home, ["create", "thing", "name=a", "cnt=1"]);
    for (const [args, want] of FAILURES) {
      const r = await admin(home, args);
      assert.match(r.out, want, `roundup admin ${args.join(" ")}:\n${r.out}`);
      assert.match(r.out, /^\nError: [^\n]+\n\nUsage: /, args.join(" "));
      assert.equal(r.code, 1, args.join(" "));
    }
    assert.equal((await admin(home, ["-c", "list", "thing"])).out, "1\n");
    assert.equal((await admin(home, ["get", "cnt", "thing1"])).out, "1\n");
    assert.equal(
      (await admin(home, ["history", "thing1"])).out,
      `admin(${D}) create thing\n`,
    );
  });
});

Deno.test("retire hides items from list and frees the key; restore brings them back", async () => {
  await withTracker(async (home) => {
    await setup(home, ["create", "thing", "name=a"], [
      "create",
      "thing",
      "name=b",
    ], ["retire", "thing1,thing2"]);
    assert.equal((await admin(home, ["list", "thing"])).out, "");
    assert.equal(
      (await admin(home, ["-P", "show_retired=only", "-c", "list", "thing"]))
        .out,
      "1,2\n",
    );
    assert.match(
      (await admin(home, ["retire", "thing1"])).out,
      /Error: Cannot retire thing1: it is retired already/,
    );
    await setup(home, ["create", "thing", "name=a"]);
    const r = await admin(home, ["restore", "thing1"]);
    assert.equal(r.code, 1);
    assert.match(r.out, /Error: Key "a" is already used by thing3/);
    await setup(home, ["restore", "thing2"]);
    assert.equal(
      (await admin(home, [
        "-P",
        "show_retired=both",
        "-c",
        "list",
        "thing",
        "name",
      ])).out,
      // Live items first, then the retired ones, each in id order, as Roundup lists them.
      "b,a,a\n",
    );
    assert.equal(
      (await admin(home, ["-P", "show_retired=both", "table", "thing", "id"]))
        .out,
      "Id\n2 \n3 \n1 \n",
    );
  });
});
