/**
 * One tracker database shared by two Deno versions, as a workstation (Deno 2.9.6, our CLI) and
 * Deno Deploy (Deno 2.5) share hosted KV: KV keeps non-byte values in V8's serialisation, which
 * 2.5 cannot read from 2.9, so the store writes only bytes of its own encoding (store format 2).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { installTracker } from "../tracker/home.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const OLD_DENO = ["npx", "-y", "deno@2.5.6"];

async function run(cmd: string[]): Promise<string> {
  const out = await new Deno.Command(cmd[0]!, {
    args: cmd.slice(1),
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", TZ: "UTC" },
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const err = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `${cmd.join(" ")} failed: ${err}${text}`);
  return text;
}

Deno.test("a tracker written by Deno 2.9.6 is read and written by Deno 2.5.6 and read back", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "roundup-kvv-" });
  await Deno.mkdir(join(ROOT, "dist"), { recursive: true });
  const built = await Deno.makeTempDir({
    dir: join(ROOT, "dist"),
    prefix: "kvv-test-",
  });
  try {
    await run([
      Deno.execPath(),
      "bundle",
      "--quiet",
      "--platform",
      "deno",
      "-o",
      join(built, "roundup.js"),
      "main.ts",
    ]);
    const home = join(tmp, "home");
    await installTracker(home, {
      settings: {
        tracker_web: "http://127.0.0.1:8917/demo/",
        mail_domain: "example.com",
        mail_host: "127.0.0.1",
      },
    });
    const admin = (deno: string[], ...args: string[]) =>
      run([
        ...deno,
        "run",
        "-A",
        "--unstable-kv",
        ...args.slice(0, 1),
        "admin",
        "-i",
        home,
        ...args.slice(1),
      ]);
    const NEW = [Deno.execPath()];
    const main = join(ROOT, "main.ts");
    const bundle = join(built, "roundup.js");
    // The workstation: Deno 2.9.6 initialises and writes.
    await admin(NEW, main, "initialise", "admin");
    await admin(
      NEW,
      main,
      "create",
      "user",
      "username=alice",
      "address=alice@example.com",
      "roles=User",
    );
    assert.equal(
      (await admin(
        NEW,
        main,
        "create",
        "issue",
        "title=Printer on fire",
        "priority=urgent",
        "nosy=alice",
      )).trim(),
      "1",
    );
    await admin(NEW, main, "set", "issue1", "status=chatting");
    // Deploy's Deno 2.5.6 reads all of it and writes.
    const shown = await admin(OLD_DENO, bundle, "display", "issue1");
    assert.match(shown, /title: Printer on fire/);
    assert.match(shown, /status: 3/);
    assert.match(shown, /nosy: \['3'\]/);
    assert.match(await admin(OLD_DENO, bundle, "list", "user"), /3: alice/);
    assert.equal(
      (await admin(
        OLD_DENO,
        bundle,
        "create",
        "issue",
        "title=Toner low",
        "assignedto=alice",
      )).trim(),
      "2",
    );
    await admin(
      OLD_DENO,
      bundle,
      "set",
      "issue1",
      "title=Printer still on fire",
    );
    // The workstation reads what 2.5.6 wrote, history included.
    assert.match(await admin(NEW, main, "display", "issue2"), /assignedto: 3/);
    assert.match(
      await admin(NEW, main, "get", "title", "issue1"),
      /Printer still on fire/,
    );
    assert.match(
      await admin(NEW, main, "history", "issue1"),
      /Printer on fire/,
    );
    assert.match(
      await admin(NEW, main, "find", "issue", "assignedto=alice"),
      /2/,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
    await Deno.remove(built, { recursive: true });
  }
});
