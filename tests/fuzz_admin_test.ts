/**
 * Fuzzing `roundup admin`: thousands of generated command lines with odd property values, dates,
 * intervals and designators run against a real KV tracker, as one-off commands run. Each must
 * succeed or print a clear error, and a command that fails must not have written anything.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { memoryIo } from "../cli.ts";
import { runCommand } from "../admin/mod.ts";
import { COMMANDS } from "../admin/commands/mod.ts";
import { createContext } from "../admin/context.ts";
import {
  initialiseTracker,
  installTracker,
  openTracker,
  type Tracker,
} from "../tracker/home.ts";
import { caseLabel, quote, Rng, unclear, WriteRecorder } from "./_fuzz.ts";
import { adminArgs, THING } from "./_fuzz_admin.ts";

/** Commands per run; FUZZ_COMMANDS scales it (CI runs the default). */
const COMMAND_COUNT = Number(Deno.env.get("FUZZ_COMMANDS") ?? 4000);
const MAX_REPORTED = 8;
const NOW = Date.UTC(2003, 2, 8, 22, 7, 48);

async function fuzzTracker(dir: string): Promise<Tracker> {
  const home = join(dir, "tracker");
  await installTracker(home, {
    settings: {
      tracker_web: "http://localhost:8080/fuzz/",
      mail_domain: "example.com",
      mail_host: "localhost",
      password_pbkdf2_default_rounds: "1000",
    },
  });
  const file = join(home, "schema.json");
  const spec = JSON.parse(await Deno.readTextFile(file));
  spec.classes.push(THING);
  await Deno.writeTextFile(file, JSON.stringify(spec));
  const t = await openTracker(home, { now: () => NOW });
  await initialiseTracker(t, "secret");
  await t.db.transact(async (tx) => {
    for (const name of ["a", "b"]) await tx.create("keyword", { name });
    await tx.create("thing", { name: "base", num: 1, owner: "1" });
    await tx.create("issue", { title: "first", nosy: ["1"] });
  });
  return t;
}

/** Runs one command line as `roundup admin -i HOME …` does; returns its status and output. */
async function run(tracker: Tracker, args: string[]) {
  const io = memoryIo();
  const shared = { ...tracker, close() {} };
  const ctx = createContext({
    io,
    env: {},
    home: tracker.home,
    login: null,
    commands: COMMANDS,
    now: () => NOW,
    open: () => Promise.resolve(shared),
  });
  let code = await runCommand(ctx, args);
  if (code === 0 && ctx.dirty) {
    try {
      await ctx.commit();
    } catch (e) {
      io.out(`Error: Cannot save the changes: ${(e as Error).message}\n`);
      code = 1;
    }
  }
  ctx.close();
  return { code, out: io.stdout + io.stderr };
}

Deno.test("roundup admin answers 4,000 generated command lines with a result or a clear error, and a failed one writes nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fuzz-admin-" });
  const t = await fuzzTracker(dir);
  const rec = new WriteRecorder(t.db.kv);
  const failures: string[] = [];
  let failed = 0;
  try {
    for (let n = 0; n < COMMAND_COUNT && failures.length < MAX_REPORTED; n++) {
      const args = adminArgs(Rng.forCase("admin", n));
      rec.reset();
      let problem: string | null;
      try {
        const { code, out } = await run(t, args);
        if (code !== 0) failed++;
        // A command that worked may show stored numbers as 1e+308.
        problem = code === 0
          ? out === "" ? null : unclear(out, args.join(" "), { stored: true })
          : unclear(out, args.join(" "));
        if (!problem && code !== 0 && !/Error: |Unknown command/.test(out)) {
          problem = `failed with status ${code} but printed no error`;
        }
        if (!problem && code !== 0 && rec.writes.length) {
          problem = `failed but wrote ${quote(rec.writes.slice(0, 5))}`;
        }
        if (problem) problem += `\noutput: ${quote(out, 800)}`;
      } catch (e) {
        const err = e as Error;
        problem = `crashed with ${err?.name}: ${err?.message}\n${err?.stack}`;
      }
      if (problem) {
        failures.push(
          `${caseLabel("admin", n)}: ${problem}\nargs: ${quote(args, 600)}`,
        );
      }
    }
    assert.deepEqual(failures, [], failures.join("\n\n"));
    // The generator must make both kinds, or the test proves little.
    assert.ok(failed > COMMAND_COUNT / 5 && failed < COMMAND_COUNT * 0.95);
  } finally {
    t.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("roundup admin refuses clearly what the fuzz test found: over-long key values and 20-digit ids", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fuzz-admin-" });
  const t = await fuzzTracker(dir);
  try {
    let r = await run(t, ["create", "user", `username=${"x".repeat(1900)}`]);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /Error: Cannot use a user key value of 1900 bytes: it is kept in an index, which holds at most 1800 bytes/,
    );
    r = await run(t, ["set", "issue1", "assignedto=99999999999999999999"]);
    assert.equal(r.code, 1);
    assert.match(r.out, /user99999999999999999999 does not exist/);
    r = await run(t, ["display", "issue99999999999999999999"]);
    assert.match(r.out, /There is no issue99999999999999999999/);
  } finally {
    t.close();
    await Deno.remove(dir, { recursive: true });
  }
});
