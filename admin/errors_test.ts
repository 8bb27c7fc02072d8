/** How admin reports failures: expected errors as messages, anything else as a bug. */
import assert from "node:assert/strict";
import { memoryIo, UsageError } from "../cli.ts";
import {
  InvalidValueError,
  NotFoundError,
  PermissionError,
} from "../store/mod.ts";
import { createContext } from "./context.ts";
import { isExpectedError, runCommand } from "./mod.ts";
import type { AdminCommand } from "./types.ts";
import { admin, makeTracker } from "./fixture_test.ts";

function throwing(error: unknown): AdminCommand {
  return {
    name: "boom",
    usage: "boom arg",
    help: "Fails on purpose.",
    run: () => Promise.reject(error),
  };
}

async function runBoom(error: unknown) {
  const io = memoryIo();
  const ctx = createContext({
    io,
    env: {},
    home: null,
    login: null,
    commands: [throwing(error)],
  });
  const code = await runCommand(ctx, ["boom"]);
  return { code, out: io.stdout, err: io.stderr };
}

Deno.test("runCommand() reports an unexpected exception as an internal error with its stack on stderr", async () => {
  const bug = new TypeError(
    "Cannot read properties of undefined (reading 'x')",
  );
  const r = await runBoom(bug);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    "Error: internal error (a bug): Cannot read properties of undefined (reading 'x')\n",
  );
  assert.match(r.err, /^TypeError: Cannot read properties of undefined/);
  assert.match(r.err, /errors_test\.ts/);
  // Built-in errors a user used to get as messages are bugs now too.
  assert.match((await runBoom(new RangeError("x"))).out, /internal error/);
});

Deno.test("runCommand() reports store errors as messages with the usage, permission errors without", async () => {
  let r = await runBoom(new InvalidValueError("Cannot set issue.status"));
  assert.equal(r.code, 1);
  assert.equal(r.err, "");
  assert.match(r.out, /^\nError: Cannot set issue\.status\n\nUsage: boom arg/);
  r = await runBoom(new PermissionError("Permission denied: no"));
  assert.deepEqual([r.code, r.out], [1, "Error: Permission denied: no\n"]);
  r = await runBoom(new UsageError("Not enough arguments"));
  assert.match(r.out, /^\nError: Not enough arguments\n/);
});

Deno.test("isExpectedError() tells user errors from bugs", () => {
  assert.equal(isExpectedError(new NotFoundError("no issue99")), true);
  assert.equal(isExpectedError(new UsageError("bad")), true);
  assert.equal(isExpectedError(new Deno.errors.NotFound("no file")), true);
  assert.equal(isExpectedError(new SyntaxError("bad")), false);
  assert.equal(isExpectedError("a string"), false);
});

Deno.test("roundup admin reports bad input from the store as an error, never as a bug", async () => {
  const { home, cleanup } = await makeTracker();
  try {
    const cases = [
      ["set", "issue1", "title=x"],
      ["create", "issue", "title=x", "status=99"],
      ["create", "thing", "name=t", "when=yesterday-ish"],
      ["create", "thing", "name=t", "dur=3 fortnights"],
      ["create", "user", "username=admin"],
      ["filter", "issue", "activity=2003-13-45"],
      ["get", "nosuch", "issue1"],
      ["list", "nosuchclass"],
    ];
    for (const args of cases) {
      const r = await admin(home, args);
      assert.equal(r.code, 1, args.join(" "));
      assert.doesNotMatch(
        r.out,
        /internal error/,
        `${args.join(" ")}: ${r.out}`,
      );
      assert.equal(r.err, "", args.join(" "));
    }
  } finally {
    await cleanup();
  }
});

async function openWith(error: Error) {
  const io = memoryIo();
  const opening: AdminCommand = {
    name: "open",
    usage: "open",
    help: "Opens the tracker.",
    run: async (_args, ctx) => (await ctx.tracker(), 0),
  };
  const ctx = createContext({
    io,
    env: {},
    home: "/nowhere",
    login: null,
    commands: [opening],
    open: () => Promise.reject(error),
  });
  const code = await runCommand(ctx, ["open"]);
  return { code, out: io.stdout, err: io.stderr };
}

Deno.test("opening the tracker: a bad file is a message, a TypeError inside is reported as the bug it is", async () => {
  let r = await openWith(
    new InvalidValueError('Cannot use the schema "s.json": x'),
  );
  assert.deepEqual([r.code, r.out], [
    1,
    'Error: Cannot open the tracker at "/nowhere": Cannot use the schema "s.json": x\n',
  ]);
  r = await openWith(new TypeError("x is not a function"));
  assert.equal(r.code, 1);
  assert.match(r.out, /^Error: internal error \(a bug\): x is not a function/);
  assert.match(r.err, /TypeError/);
});
