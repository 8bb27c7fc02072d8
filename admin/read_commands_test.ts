/** Output of the reading commands (list, table, display, get, specification, find, filter), as Roundup prints it. */
import assert from "node:assert/strict";
import { admin, makeTracker, setup } from "./fixture_test.ts";

async function withData(fn: (home: string) => Promise<void>): Promise<void> {
  const { home, cleanup } = await makeTracker();
  try {
    await setup(
      home,
      [
        "create",
        "issue",
        "title=first issue",
        "status=chatting",
        "priority=bug",
        "nosy=admin,anonymous",
      ],
      ["create", "issue", "title=second"],
      [
        "create",
        "user",
        "username=fred",
        "address=fred@example.com",
        "roles=User",
        "realname=Fred F",
      ],
      [
        "create",
        "thing",
        "name=a",
        "flag=yes",
        "num=1.5",
        "cnt=3",
        "when=2003-02-10",
        "dur=1d 2:50",
        "owner=admin",
      ],
      [
        "create",
        "thing",
        "name=b",
        "flag=0",
        "num=2",
        "cnt=-1",
        "when=.",
        "dur=-2m",
      ],
    );
    await fn(home);
  } finally {
    await cleanup();
  }
}

const D = "2003-03-08.22:07:48";

const CASES: Array<[string[], string]> = [
  [
    ["list", "status"],
    "   1: unread\n   2: deferred\n   3: chatting\n   4: need-eg\n   5: in-progress\n   6: testing\n   7: done-cbb\n   8: resolved\n",
  ],
  [["list", "issue"], "   1: first issue\n   2: second\n"],
  [["list", "issue", "status"], "   1: 3\n   2: 1\n"],
  [["li", "issue", "nosy"], "   1: ['1', '2']\n   2: []\n"],
  [["-c", "list", "issue"], "1,2\n"],
  [["-c", "list", "issue", "title"], "first issue,second\n"],
  [["-s", "list", "user", "username"], "admin anonymous fred\n"],
  [["-S", ":", "list", "user"], "1:2:3\n"],
  [["list", "thing", "num"], "   1: 1.5\n   2: 2.0\n"],
  [["list", "msg"], ""],
  [["get", "nosy", "issue1"], "['1', '2']\n"],
  [["-d", "get", "nosy", "issue1"], "user1\nuser2\n"],
  [["-c", "get", "nosy", "issue1"], "1,2\n"],
  // One line per item, as Roundup: issue2 has an empty nosy list.
  [["-dc", "get", "nosy", "issue1,issue2"], "user1,user2\n\n"],
  [["-c", "get", "nosy", "issue2,issue1"], "\n1,2\n"],
  [["get", "status", "issue1"], "3\n"],
  [["-d", "get", "status", "issue1"], "status3\n"],
  [["get", "priority", "issue2"], "None\n"],
  [["get", "title", "issue1,issue2"], "first issue\nsecond\n"],
  [["-s", "get", "title", "issue1,issue2"], "first issue\nsecond\n"],
  [["-dc", "get", "status", "issue1,issue2"], "status3\nstatus1\n"],
  [["get", "id", "issue2"], "2\n"],
  [["get", "creation", "issue1"], `${D}\n`],
  [["get", "when", "thing1"], "2003-02-10.00:00:00\n"],
  [["get", "dur", "thing1"], "+ 1d 2:50\n"],
  [["get", "dur", "thing2"], "- 2m\n"],
  [["get", "flag", "thing1"], "True\n"],
  [["get", "num", "thing2"], "2.0\n"],
  [["get", "owner", "thing2"], "None\n"],
  [
    ["display", "issue1"],
    "assignedto: None\nfiles: []\nkeyword: []\nmessages: []\nnosy: ['1', '2']\npriority: 3\nstatus: 3\nsuperseder: []\ntitle: first issue\n",
  ],
  [
    ["display", "thing1,thing2"],
    "cnt: 3\ndur: + 1d 2:50\nflag: True\nname: a\nnum: 1.5\nowner: 1\npw: None\nwhen: 2003-02-10.00:00:00\n" +
    `cnt: -1\ndur: - 2m\nflag: False\nname: b\nnum: 2.0\nowner: None\npw: None\nwhen: ${D}\n`,
  ],
  [
    ["-P", "display_protected=yes", "display", "status1"],
    `*activity: ${D}\n*actor: 1\n*creation: ${D}\n*creator: 1\n*id: 1\n name: unread\n order: 1.0\n`,
  ],
  [
    ["-P", "display_header=1", "display", "status1,status2"],
    "\n[status1 (active)]\n name: unread\n order: 1.0\n\n[status2 (active)]\n name: deferred\n order: 2.0\n",
  ],
  [
    ["table", "thing"],
    "Name Flag  Num Cnt When                Dur       Owner Pw   Id Creation            Activity            Creator Actor\n" +
    `a    True  1.5 3   2003-02-10.00:00:00 + 1d 2:50 1     None 1  ${D} ${D} 1       1    \n` +
    `b    False 2.0 -1  ${D} - 2m      None  None 2  ${D} ${D} 1       1    \n`,
  ],
  [
    ["table", "user", "id,username:4,roles:"],
    "Id Username Roles\n1  admi Admin\n2  anon Anony\n3  fred User \n",
  ],
  [
    ["table", "issue", "title:5,nosy"],
    "Title Nosy      \nfirst ['1', '2']\nsecon []        \n",
  ],
  [
    ["specification", "thing"],
    "name: <roundup.hyperdb.String> (key property)\nflag: <roundup.hyperdb.Boolean>\nnum: <roundup.hyperdb.Number>\n" +
    "cnt: <roundup.hyperdb.Integer>\nwhen: <roundup.hyperdb.Date>\ndur: <roundup.hyperdb.Interval>\n" +
    'owner: <roundup.hyperdb.Link to "user">\npw: <roundup.hyperdb.Password>\n',
  ],
  [
    ["spec", "issue"],
    'assignedto: <roundup.hyperdb.Link to "user">\nkeyword: <roundup.hyperdb.Multilink to "keyword">\n' +
    'priority: <roundup.hyperdb.Link to "priority">\nstatus: <roundup.hyperdb.Link to "status">\n' +
    'title: <roundup.hyperdb.String>\nmessages: <roundup.hyperdb.Multilink to "msg">\n' +
    'files: <roundup.hyperdb.Multilink to "file">\nnosy: <roundup.hyperdb.Multilink to "user">\n' +
    'superseder: <roundup.hyperdb.Multilink to "issue">\n',
  ],
  [["find", "issue", "status=chatting"], "['1']\n"],
  [["find", "issue", "nosy=admin"], "['1']\n"],
  [["find", "issue", "nosy=user2,fred"], "['1']\n"],
  [["-dc", "find", "issue", "priority=3,-1"], "issue1,issue2\n"],
  [
    ["-ds", "find", "issue", "priority=-1", "status=chatting"],
    "issue1 issue2\n",
  ],
  [["find", "issue", "assignedto="], "['1', '2']\n"],
  [["filter", "issue", "title=first"], "['1']\n"],
  [["filter", "issue", "title=FIRST,issue"], "['1']\n"],
  [["filter", "issue", "priority=bug,-1"], "['1', '2']\n"],
  [["-ds", "filter", "issue", "status=3"], "issue1\n"],
  [["filter", "issue", "creation=2003"], "['1', '2']\n"],
  [["filter", "issue", "creation=2002"], "[]\n"],
  [["filter", "thing", "when=from 2003-02-01 to 2003-02-28"], "['1']\n"],
  [["filter", "thing", "when=2003-03-01;"], "['2']\n"],
  [["filter", "thing", "when=-2m;-1w"], "['1']\n"],
  [["filter", "thing", "num=1;1.9"], "['1']\n"],
  [["filter", "thing", "cnt=-1"], "['2']\n"],
  [["filter", "thing", "flag=no"], "['2']\n"],
  [["filter", "issue", "nosy=fred"], "[]\n"],
  [["filter", "issue", "nosy=admin", "status=chatting"], "['1']\n"],
  [["filter", "issue", "nosy.username=anonymous"], "['1']\n"],
  [["filter", "issue", "status.name=chat"], "['1']\n"],
  [["filter", "issue", "id=2"], "['2']\n"],
];

Deno.test("reading commands print what Roundup prints", async () => {
  await withData(async (home) => {
    for (const [args, want] of CASES) {
      const r = await admin(home, args);
      assert.equal(r.out, want, `roundup admin ${args.join(" ")}`);
      assert.equal(r.code, 0, args.join(" "));
    }
  });
});

const ERRORS: Array<[string[], RegExp]> = [
  [
    ["list"],
    /^\nError: Too few arguments: give a class name\n\nUsage: list classname \[property\]\n/,
  ],
  [["list", "issue", "foo"], /^\nError: Class "issue" has no property "foo"\n/],
  [["list", "foo"], /^\nError: There is no class "foo"\n/],
  [["list", "a", "b", "c"], /^\nError: Too many arguments/],
  [
    ["get", "foo", "issue1"],
    /^\nError: Class "issue" has no property "foo"\n\nUsage: get property/,
  ],
  [["get", "title", "issue99"], /^\nError: There is no issue99\n/],
  [
    ["get", "title", "12"],
    /^\nError: "12" is not a designator: expected a class name followed by an id, like issue12\n/,
  ],
  [
    ["-d", "get", "title", "issue1"],
    /Error: Property "title" is not a Link or Multilink, so -d does not apply/,
  ],
  [["display", "issue99"], /^\nError: There is no issue99\n/],
  [["display", "bug1"], /^\nError: There is no class "bug"\n/],
  [
    ["find", "issue", "title=first"],
    /Error: Property "title" is not a Link or Multilink: use filter/,
  ],
  [
    ["find", "issue", "status=nosuch"],
    /Error: Cannot set issue.status to "nosuch": no status has name "nosuch"/,
  ],
  [
    ["find", "issue", "status"],
    /Error: Argument "status" is not of the form property=value/,
  ],
  [
    ["filter", "thing", "when=garbage"],
    /Error: Cannot set thing.when to "garbage": /,
  ],
  [
    ["filter", "thing", "num=x;y"],
    /Error: Cannot set thing.num to "x;y": expected a number/,
  ],
  [
    ["filter", "issue", "title.name=x"],
    /Error: Cannot follow "title.name": issue.title is not a Link or Multilink/,
  ],
  [
    ["table", "issue", "title:x"],
    /Error: "title:x" has a width that is not a whole number: "x"/,
  ],
  [
    ["table", "issue", "title:1:2"],
    /Error: "title:1:2" is not of the form name:width/,
  ],
  [["specification"], /Error: Too few arguments/],
  [
    ["history", "issue1", "foo"],
    /Error: Unexpected argument foo: only skipquiet and raw may follow/,
  ],
];

Deno.test("reading commands report bad input in one line, then the usage, and exit 1", async () => {
  await withData(async (home) => {
    for (const [args, want] of ERRORS) {
      const r = await admin(home, args);
      assert.match(r.out, want, `roundup admin ${args.join(" ")}:\n${r.out}`);
      assert.equal(r.code, 1, args.join(" "));
      assert.doesNotMatch(r.out, /\n\s+at /, "no stack trace");
    }
  });
});
