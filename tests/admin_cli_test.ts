/** `roundup admin` as a real process: exit codes, stdout, stdin and the user guide's shell loops. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { makeTracker } from "../admin/fixture_test.ts";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

async function roundup(
  args: string[],
  opts: { stdin?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; out: string; err: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...opts.env },
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

async function sh(
  script: string,
  env: Record<string, string>,
): Promise<string> {
  const r = await new Deno.Command("sh", {
    args: ["-c", script],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(r.stdout) +
    new TextDecoder().decode(r.stderr);
}

Deno.test("roundup admin runs one command per process with Roundup's exit codes", async () => {
  const { home, cleanup } = await makeTracker();
  try {
    let r = await roundup([
      "admin",
      "-i",
      home,
      "create",
      "issue",
      "title=from a process",
      "status=chatting",
    ]);
    assert.deepEqual([r.code, r.out, r.err], [0, "1\n", ""]);
    r = await roundup([
      "admin",
      "-i",
      home,
      "-dc",
      "find",
      "issue",
      "status=chatting",
    ]);
    assert.deepEqual([r.code, r.out], [0, "issue1\n"]);
    r = await roundup([
      "admin",
      "-i",
      home,
      "set",
      "issue1,issue7",
      "title=changed",
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /^\nError: There is no issue7\n\nUsage: set items property=value/,
    );
    assert.doesNotMatch(r.out + r.err, /\bat .*\.ts:\d+/, "no stack trace");
    r = await roundup(["admin", "-i", home, "get", "title", "issue1"]);
    assert.equal(r.out, "from a process\n", "the failed set changed nothing");
    r = await roundup(["admin", "-i", home, "l"]);
    assert.equal(r.code, 1);
    r = await roundup(["admin", "-i", home, "p"]);
    assert.deepEqual([r.code, r.out], [
      1,
      'Command "p" is ambiguous; it matches: pack, perftest, pragma\n',
    ]);
    r = await roundup(["admin", "-v"]);
    assert.equal(r.code, 0);
  } finally {
    await cleanup();
  }
});

Deno.test("roundup admin reads shell commands from standard input", async () => {
  const { home, cleanup } = await makeTracker();
  try {
    const r = await roundup(["admin"], {
      env: { TRACKER_HOME: home },
      stdin:
        "create keyword name=urgent\ncommit\ncreate keyword name=later\nlist keyword\n",
    });
    // No answer to the commit question at end of input: nothing saved, status 1, as Roundup.
    assert.equal(r.code, 1);
    assert.ok(
      r.out.includes(
        "roundup> 1\nroundup> roundup> 2\nroundup>    1: urgent\n   2: later\nroundup> exit...\n",
      ),
      r.out,
    );
    assert.match(r.out, /There are unsaved changes\. Commit them \(y\/N\)\? $/);
    const after = await roundup(["admin", "-i", home, "-c", "list", "keyword"]);
    assert.equal(after.out, "1\n", "the uncommitted keyword was not saved");
  } finally {
    await cleanup();
  }
});

Deno.test("the user guide's shell loops work unchanged", async () => {
  const { home, cleanup } = await makeTracker();
  const bin = await Deno.makeTempDir({ prefix: "admin_bin_" });
  try {
    const script =
      `#!/bin/sh\nexec "${Deno.execPath()}" run -A "${MAIN}" admin "$@"\n`;
    for (const name of ["roundup-admin", "roundup"]) {
      await Deno.writeTextFile(`${bin}/${name}`, script);
      await Deno.chmod(`${bin}/${name}`, 0o755);
    }
    const env = {
      PATH: `${bin}:${Deno.env.get("PATH")}`,
      TRACKER_HOME: home,
      NO_COLOR: "1",
    };
    await sh(
      "roundup-admin create issue title=one status=chatting && roundup-admin create issue title=two status=deferred" +
        " && roundup-admin create issue title=three status=unread",
      env,
    );
    let out = await sh(
      "for issue in `roundup-admin -ds find issue status=chatting`; do echo $issue; done",
      env,
    );
    assert.equal(out, "issue1\n");
    // Roundup 2.6 prints one line per designator even with -c (the admin guide's examples that
    // join several items' links into one word do not work there either).
    out = await sh("roundup-admin -dc get status issue3,issue1", env);
    assert.equal(out, "status1\nstatus3\n");
    out = await sh(
      "for s in `roundup-admin -dc get status issue3,issue1`; do roundup-admin get name $s; done",
      env,
    );
    assert.equal(out, "unread\nchatting\n");
    out = await sh(
      "roundup-admin -s get name `roundup-admin -dc get status \\`roundup-admin -dc find issue status=chatting\\``",
      env,
    );
    assert.equal(out, "chatting\n");
    out = await sh("roundup-admin -ds ' ' get nosy issue1", env);
    assert.equal(out, "\n");
    out = await sh(
      'cd "$HOME" && echo \'initialise secret2\' > init_tracker && cat init_tracker | roundup-admin -i "$TRACKER_HOME" && echo ok',
      {
        ...env,
        HOME: bin,
      },
    );
    assert.match(out, /roundup> WARNING: The database is already initialised!/);
  } finally {
    await cleanup();
    await Deno.remove(bin, { recursive: true });
  }
});
