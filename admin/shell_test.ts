/** The interactive shell, options, command lookup, help and pragmas. */
import assert from "node:assert/strict";
import { tokenize } from "./args.ts";
import { InvalidValueError } from "../store/mod.ts";
import { admin, makeTracker, setup } from "./fixture_test.ts";
import { COMMANDS, findCommands } from "./commands/mod.ts";

async function withTracker(fn: (home: string) => Promise<void>): Promise<void> {
  const { home, cleanup } = await makeTracker();
  try {
    await fn(home);
  } finally {
    await cleanup();
  }
}

const BANNER =
  'Roundup 0.1.0 admin shell, ready for commands.\nType "help" for help.\n' +
  'Line editing is not available; "readline history" lists the lines entered.\n';

Deno.test("tokenize() splits shell lines as roundup-admin does", () => {
  const cases: Array<[string, string[]]> = [
    ["hello world", ["hello", "world"]],
    ['"hello world"', ["hello world"]],
    [`"Roch'e" Compaan`, ["Roch'e", "Compaan"]],
    ["Roch\\'e Compaan", ["Roch'e", "Compaan"]],
    ['address="1 2 3"', ["address=1 2 3"]],
    ["\\\\", ["\\"]],
    ["\\n\\r\\t", ["\n\r\t"]],
    ['f "test\\"q"', ["f", 'test"q']],
    ["set issue1 title=''", ["set", "issue1", "title="]],
    ["  \t ", []],
  ];
  for (const [line, want] of cases) {
    assert.deepEqual(tokenize(line), want, line);
  }
  assert.throws(() => tokenize('"hello world'), InvalidValueError);
});

Deno.test("findCommands() takes any unambiguous prefix", () => {
  assert.deepEqual(findCommands("l").map((c) => c.name), ["list"]);
  assert.deepEqual(findCommands("lis").map((c) => c.name), ["list"]);
  assert.deepEqual(findCommands("p").map((c) => c.name), [
    "pack",
    "perftest",
    "pragma",
  ]);
  assert.deepEqual(findCommands("re").map((c) => c.name), [
    "readline",
    "reindex",
    "restore",
    "retire",
  ]);
  assert.deepEqual(findCommands("export").map((c) => c.name), ["export"]);
  assert.deepEqual(findCommands("zz"), []);
  assert.equal(COMMANDS.length, 31);
});

Deno.test("the shell runs commands, holds changes until commit and asks on exit", async () => {
  await withTracker(async (home) => {
    const r = await admin(home, [], {
      input: [
        "create thing name=a",
        "get name thing1",
        "rollback",
        "list thing",
        'create thing name="x y"',
        "commit",
        "set thing1 name=z",
        "zz",
        "p",
        "!2",
        "!1:p",
        'bad "quote',
        "exit",
        "n",
      ],
    });
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      BANNER +
        "roundup> 1\nroundup> a\nroundup> roundup> roundup> 1\nroundup> roundup> " +
        'roundup> Unknown command "zz": "help commands" lists the commands\n' +
        'roundup> Command "p" is ambiguous; it matches: pack, perftest, pragma\n' +
        "roundup> z\n" +
        "roundup> create thing name=a\n" +
        'roundup> Error: Cannot read the line: a " quote is not closed\n' +
        "roundup> There are unsaved changes. Commit them (y/N)? ",
    );
    assert.equal((await admin(home, ["get", "name", "thing1"])).out, "x y\n");
  });
});

Deno.test("the shell commits on exit when told y, and ends at end of input", async () => {
  await withTracker(async (home) => {
    let r = await admin(home, [], {
      input: ["create thing name=a", "quit", "y"],
    });
    assert.equal(
      r.out,
      BANNER +
        "roundup> 1\nroundup> There are unsaved changes. Commit them (y/N)? ",
    );
    r = await admin(home, [], { input: ["list thing"] });
    assert.equal(r.out, BANNER + "roundup>    1: a\nroundup> exit...\n");
    // A failing command with nothing pending leaves nothing behind.
    r = await admin(home, [], {
      input: ["set thing1,thing9 name=b", "commit", "get name thing1"],
    });
    assert.match(r.out, /Error: There is no thing9\n/);
    assert.match(r.out, /roundup> roundup> a\nroundup> exit\.\.\.\n$/);
    // With changes pending, a failing command undoes only its own part.
    r = await admin(home, [], {
      input: [
        "create thing name=c",
        "retire thing1,thing9",
        "commit",
        "list thing",
      ],
    });
    assert.match(r.out, /Error: There is no thing9\n/);
    assert.match(r.out, / {3}1: a\n {3}2: c\n/);
  });
});

Deno.test("the shell at end of input: no answer discards the changes and fails, n discards, y commits", async () => {
  await withTracker(async (home) => {
    // Roundup's shell dies on the missing answer (exit status 1) and keeps nothing.
    let r = await admin(home, [], { input: ["create thing name=a"] });
    assert.equal(r.code, 1);
    assert.ok(
      r.out.endsWith(
        "roundup> exit...\nThere are unsaved changes. Commit them (y/N)? ",
      ),
      r.out,
    );
    assert.match(
      r.err,
      /No answer at end of input, so the changes were not saved/,
    );
    assert.equal((await admin(home, ["-c", "list", "thing"])).out, "\n");
    r = await admin(home, [], { input: ["create thing name=a", "exit", "no"] });
    assert.equal(r.code, 0);
    assert.equal((await admin(home, ["-c", "list", "thing"])).out, "\n");
    r = await admin(home, [], {
      input: ["create thing name=a", "exit", "yes"],
    });
    assert.equal(r.code, 0);
    assert.equal((await admin(home, ["-c", "list", "thing"])).out, "1\n");
  });
});

Deno.test("initialise reads its password from standard input like `cat init_tracker | roundup-admin`", async () => {
  await withTracker(async (home) => {
    await setup(home, ["create", "thing", "name=a"]);
    let r = await admin(home, [], { input: ["initialise newpw", "n"] });
    assert.match(r.out, /Erase it\? Y\/N: roundup> exit\.\.\.\n$/);
    assert.equal((await admin(home, ["-c", "list", "thing"])).out, "1\n");
    r = await admin(home, [], { input: ["initialise newpw", "y"] });
    assert.equal((await admin(home, ["-c", "list", "thing"])).out, "\n");
    assert.equal(
      (await admin(home, ["-u", "admin:newpw", "list", "thing"])).code,
      0,
    );
  });
});

Deno.test("options: -h, -v, bad options, -c/-s/-S conflicts, TRACKER_HOME and -P", async () => {
  await withTracker(async (home) => {
    let r = await admin(null, ["-h"]);
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /^Usage: roundup-admin \[options\] \[<command> <arguments>\]\n\nOptions:\n -i instance home/,
    );
    assert.match(
      r.out,
      /\nCommands: \n commit\n create classname property=value \.\.\.\n/,
    );
    r = await admin(null, ["-v"]);
    assert.match(r.out, /^0\.1\.0 \(Deno \d+\.\d+\.\d+\)\n$/);
    r = await admin(null, ["-x"]);
    assert.deepEqual([r.code, r.out.split("\n")[0]], [
      1,
      "Problem: Unknown option -x",
    ]);
    r = await admin(null, ["--help"]);
    assert.equal(r.code, 1);
    r = await admin(home, ["-c", "-s", "list", "status"]);
    assert.deepEqual([r.code, r.out.split("\n")[0]], [
      1,
      "Problem: Give only one of -c, -s and -S",
    ]);
    r = await admin(null, ["-c", "list", "status"], {
      env: { TRACKER_HOME: home },
    });
    assert.equal(r.out, "1,2,3,4,5,6,7,8\n");
    r = await admin(home, ["-S,", "list", "priority"]);
    assert.equal(r.out, "1,2,3,4,5\n");
    r = await admin(home, ["-ds", " ", "get", "nosy", "issue1"]);
    assert.match(r.out, /There is no issue1/);
    r = await admin(home, [
      "-P",
      "nope=1",
      "-P",
      "show_retired=both",
      "pragma",
      "list",
    ]);
    assert.match(
      r.out,
      /^\nUnknown setting "nope": "pragma list" shows the settings\n\n/,
    );
    assert.ok(r.out.includes("   show_retired=both\n"), r.out);
    r = await admin(null, ["list", "status"], { input: [home] });
    assert.ok(r.out.startsWith("Enter tracker home:    1: unread\n"), r.out);
    r = await admin(null, ["list", "status"]);
    assert.match(r.out, /Error: No tracker home given/);
    r = await admin(`${home}-missing`, ["list", "status"]);
    assert.deepEqual([r.code, r.out.slice(0, 37)], [
      1,
      `Error: Cannot open the tracker at "${home}`.slice(0, 37),
    ]);
  });
});

Deno.test("help: topics, commands, prefixes and unknown topics", async () => {
  let r = await admin(null, ["help"]);
  assert.equal(r.out.split("\n")[0], "Usage: help topic");
  r = await admin(null, ["help", "commands"]);
  assert.match(r.out, /^Commands: \n commit\n/);
  assert.match(r.out, / updateconfig <filename>\nA command may be shortened/);
  r = await admin(null, ["help", "ret"]);
  assert.match(
    r.out,
    /^Usage: retire designator\[,designator\]\*\nRetire one or more items\.\n/,
  );
  r = await admin(null, ["help", "re"]);
  assert.deepEqual(r.out.match(/^Usage: \w+/gm), [
    "Usage: readline",
    "Usage: reindex",
    "Usage: restore",
    "Usage: retire",
  ]);
  r = await admin(null, ["help", "zz"]);
  assert.deepEqual([r.code, r.out], [
    0,
    'No help on "zz": "help commands" lists the commands\n',
  ]);
  r = await admin(null, ["help", "initopts"]);
  assert.equal(r.out, "Templates: classic, minimal\nBack ends: kv\n");
  r = await admin(null, ["help", "all"]);
  assert.match(r.out, /\nA designator names an item/);
  assert.ok(r.out.includes("\nlist:\n    Usage: list classname [property]\n"));
  for (const c of COMMANDS) {
    assert.ok(c.help.trim().length > 20, `${c.name} has help`);
    assert.ok(
      c.usage.startsWith(c.name),
      `${c.name} usage starts with its name`,
    );
  }
});

Deno.test("pragma sets and lists settings and refuses bad ones", async () => {
  await withTracker(async (home) => {
    let r = await admin(home, [], {
      input: [
        "pragma verbose=on",
        "pragma list",
        "pragma show_retired=sometimes",
      ],
    });
    assert.ok(
      r.out.includes(
        "   _inttest=3\n      A whole-number setting, for tests only.\n",
      ),
      r.out,
    );
    assert.ok(r.out.includes("   verbose=True\n"), r.out);
    assert.match(
      r.out,
      /Error: Cannot set show_retired to "sometimes": expected no, only or both/,
    );
    r = await admin(home, ["pragma", "list"]);
    assert.equal(
      r.out,
      "Current settings and their values:\n   display_header=False\n   display_protected=False\n" +
        "   history_features=0\n   history_length=-1\n   indexer_backend=as set in config.ini\n" +
        "   savepoint_limit=10000\n   show_retired=no\n   verbose=False\n",
    );
    r = await admin(home, ["pragma", "history_length=x"]);
    assert.match(
      r.out,
      /Error: Cannot set history_length to "x": expected a whole number/,
    );
    r = await admin(home, ["pragma", "verbose"]);
    assert.match(r.out, /Error: Expected setting=value or list, not "verbose"/);
  });
});

Deno.test("readline history lists the shell's lines", async () => {
  const r = await admin(null, [], {
    input: ["help zz", "readline history", "readline vi"],
  });
  assert.ok(
    r.out.includes("history size 2\n  1 help zz\n  2 readline history\n"),
    r.out,
  );
  assert.match(r.out, /Line editing is not available in this shell\.\n/);
});
