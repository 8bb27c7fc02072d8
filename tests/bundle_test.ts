import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;

async function run(
  args: string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  })
    .output();
  return {
    code: r.code,
    out: new TextDecoder().decode(r.stdout),
    err: new TextDecoder().decode(r.stderr),
  };
}

Deno.test("the one-file bundle runs admin install, initialise, list and import from an empty directory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bundle = join(dir, "roundup.js");
    const b = await run([
      "bundle",
      "--quiet",
      "--platform",
      "deno",
      "-o",
      bundle,
      join(ROOT, "main.ts"),
    ], ROOT);
    assert.equal(b.code, 0, b.err);
    const empty = join(dir, "empty");
    await Deno.mkdir(empty);
    const roundup = (...args: string[]) =>
      run(["run", "-A", "--unstable-kv", bundle, ...args], empty);
    const settings =
      "tracker_web=http://localhost:8080/t/,mail_domain=example.com,mail_host=localhost";
    const inst = await roundup(
      "admin",
      "-i",
      "t",
      "install",
      "classic",
      "kv",
      settings,
    );
    assert.equal(inst.code, 0, inst.out + inst.err);
    const init = await roundup("admin", "-i", "t", "initialise", "secret");
    assert.equal(init.code, 0, init.out + init.err);
    const list = await roundup("admin", "-i", "t", "list", "status");
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /1: unread\n/);
    assert.match(list.out, /8: resolved\n/);
    // The bundle has no worker files: import checks and reads everything in one thread.
    const fixture = new URL("./fixtures/roundup_export/", import.meta.url);
    const imp = await roundup("admin", "-i", "t", "import", fixture.pathname);
    assert.equal(imp.code, 0, imp.out + imp.err);
    assert.equal(imp.err, "");
    const issues = await roundup("admin", "-i", "t", "list", "issue");
    assert.match(issues.out, /2: Second issue ☃\n/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
