/**
 * The Deno Deploy entry, bundled, run by Deno 2.5 with --deny-write on "hosted" KV (the KV file
 * `Deno.openKv()` without a path opens, in a temporary DENO_DIR): it serves pages and REST,
 * accepts a change, takes mail from a real Dovecot through its cron handler and sends nosy mail
 * to a real SMTP server.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { installTracker } from "../tracker/home.ts";
import { DEPLOY_ENV } from "../deploy/mod.ts";
import { DOVECOT_PASSWORD, requireOrSkip, startDovecot } from "./_dovecot.ts";
import { startSmtpSink } from "./_smtp.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const DRIVER = new URL("./_deploy_driver.ts", import.meta.url).href;

/** Where Deno keeps the KV of `Deno.openKv()`: keyed by the project's deno.json when it has one. */
function defaultKvPath(denoDir: string, configUrl: string): string {
  const hash = createHash("sha256").update(configUrl).digest("hex");
  return join(denoDir, "location_data", hash, "kv.sqlite3");
}

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
) {
  const out = await new Deno.Command(cmd, {
    args,
    env,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `${cmd} ${args.join(" ")} failed: ${text}`);
}

/**
 * The Deno 2.5.6 binary itself: `npx -y deno@2.5.6` starts it under two wrapper processes, and
 * killing the outer one would leave the server running after the test.
 */
async function deno256(): Promise<string> {
  const out = await new Deno.Command("npx", {
    args: ["-y", "deno@2.5.6", "eval", "console.log(Deno.execPath())"],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const path = new TextDecoder().decode(out.stdout).trim();
  assert.ok(out.success && path, "Cannot find the Deno 2.5.6 binary via npx");
  return path;
}

/** Reads a stream until a line matches, returning it. */
async function waitFor(
  reader: ReadableStreamDefaultReader<string>,
  re: RegExp,
  seen: string[],
) {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Stream ended before ${re}: ${seen.join("")}`);
    seen.push(value);
    const m = re.exec(seen.join(""));
    if (m) return m;
  }
}

Deno.test("deploy entry on Deno 2.5 with --deny-write serves pages and REST and takes mail", async () => {
  if (!(await requireOrSkip("deploy entry"))) return;
  const tmp = await Deno.makeTempDir({ prefix: "roundup-deploy-" });
  const cleanup = [tmp];
  await Deno.mkdir(join(ROOT, "dist"), { recursive: true });
  const dovecot = await startDovecot();
  const smtp = await startSmtpSink();
  let child: Deno.ChildProcess | null = null;
  try {
    // Bundles of our own inside the project (so its deno.json applies), as the tasks build them.
    const built = await Deno.makeTempDir({
      dir: join(ROOT, "dist"),
      prefix: "deploy-test-",
    });
    cleanup.push(built);
    const pack = (entry: string, file: string) =>
      run(Deno.execPath(), [
        "bundle",
        "--platform",
        "deno",
        "-o",
        join(built, file),
        entry,
      ]);
    await pack("deploy/main.ts", "deploy.js");
    await pack("main.ts", "roundup.js");
    const bundle = `file://${join(built, "deploy.js")}`;
    const port = 20000 + Math.floor(Math.random() * 20000);
    const web = `http://127.0.0.1:${port}/demo/`;
    // The workstation's part: install and initialise into the KV that Deploy will open.
    const home = join(tmp, "home");
    await installTracker(home, {
      settings: {
        tracker_web: web,
        mail_domain: "example.com",
        mail_host: "127.0.0.1",
        mail_port: String(smtp.port),
      },
    });
    const configText = await Deno.readTextFile(join(home, "config.ini"));
    const denoDir = join(tmp, "deno_dir");
    const kvPath = defaultKvPath(
      denoDir,
      new URL("../deno.json", import.meta.url).href,
    );
    await Deno.mkdir(join(kvPath, ".."), { recursive: true });
    // The workstation runs admin on our Deno (2.9.6): the store writes only bytes of its own
    // encoding, which Deploy's Deno 2.5 reads (tests/kv_versions_test.ts).
    const admin = (...args: string[]) =>
      run(Deno.execPath(), [
        "run",
        "-A",
        join(built, "roundup.js"),
        "admin",
        "-i",
        home,
        ...args,
      ], {
        ROUNDUP_KV_URL: kvPath,
        NO_COLOR: "1",
      });
    await admin("initialise", "admin");
    await admin(
      "create",
      "user",
      "username=alice",
      "password=alice",
      "roles=User",
      "address=alice@example.com",
    );
    await dovecot.deliver(
      "roundup",
      "From: Alice <alice@example.com>\r\nTo: issues@example.com\r\n" +
        "Subject: Printer on fire\r\nMessage-Id: <deploy-1@example.com>\r\n\r\nIt smokes.\r\n",
    );
    const certFile = join(tmp, "dovecot.pem");
    await Deno.writeTextFile(certFile, dovecot.cert);
    child = new Deno.Command(await deno256(), {
      args: [
        "run",
        "--deny-write",
        "--allow-net",
        "--allow-env",
        "--allow-read",
        DRIVER,
        bundle,
      ],
      cwd: ROOT,
      env: {
        DENO_DIR: denoDir,
        DENO_CERT: certFile,
        NO_COLOR: "1",
        PORT: String(port),
        [DEPLOY_ENV.config]: configText,
        [DEPLOY_ENV.secret]: "deploy-test-secret",
        [DEPLOY_ENV.mailgw]:
          `imap roundup:${DOVECOT_PASSWORD}@127.0.0.1:${dovecot.ports.imap}`,
      },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const err = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    const out = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const errSeen: string[] = [];
    await waitFor(err, /listening on/, errSeen);
    const auth = { Authorization: "Basic " + btoa("admin:admin") };
    const page = await fetch(`${web}issue`, { headers: auth });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const empty =
      await (await fetch(`${web}rest/data/issue`, { headers: auth })).json();
    assert.deepEqual(empty.data.collection, []);
    const stdin = child.stdin.getWriter();
    await stdin.write(new TextEncoder().encode("poll\n"));
    await waitFor(out, /polled/, []);
    await waitFor(err, /mailgw: 1 handled, 0 failed/, errSeen).catch(
      async (e) => {
        const rest: string[] = [];
        await waitFor(err, /$^/, rest).catch(() => {});
        throw new Error(`${e.message}\n${errSeen.join("")}${rest.join("")}`);
      },
    );
    const list =
      await (await fetch(`${web}rest/data/issue?@verbose=2`, { headers: auth }))
        .json();
    assert.equal(list.data.collection.length, 1);
    assert.equal(list.data.collection[0].title, "Printer on fire");
    const item = await fetch(`${web}rest/data/issue/1`, { headers: auth });
    await item.body?.cancel();
    const patched = await fetch(`${web}rest/data/issue/1`, {
      method: "PATCH",
      headers: {
        ...auth,
        Origin: new URL(web).origin,
        "X-Requested-With": "rest",
        "If-Match": item.headers.get("ETag")!,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ title: "Printer still on fire" }),
    });
    assert.equal(patched.status, 200);
    const title =
      await (await fetch(`${web}rest/data/issue/1/title`, { headers: auth }))
        .json();
    assert.equal(title.data.data, "Printer still on fire");
    // A new message on the issue goes to its nosy list (alice, who wrote in) by SMTP.
    const writeHeaders = {
      ...auth,
      Origin: new URL(web).origin,
      "X-Requested-With": "rest",
      "Content-Type": "application/json",
    };
    const msg = await fetch(`${web}rest/data/msg`, {
      method: "POST",
      headers: writeHeaders,
      body: JSON.stringify({ content: "Fire brigade called", author: "admin" }),
    });
    assert.equal(msg.status, 201);
    const msgId = (await msg.json()).data.id;
    const again = await fetch(`${web}rest/data/issue/1`, { headers: auth });
    await again.body?.cancel();
    const added = await fetch(`${web}rest/data/issue/1`, {
      method: "PATCH",
      headers: { ...writeHeaders, "If-Match": again.headers.get("ETag")! },
      body: JSON.stringify({ messages: msgId, "@op": "add" }),
    });
    assert.equal(added.status, 200);
    for (
      let i = 0;
      i < 50 && !smtp.messages.some((m) => m.to.includes("alice@example.com"));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(
      smtp.messages.some((m) =>
        m.to.includes("alice@example.com") &&
        /Fire brigade called/.test(m.raw)
      ),
      `nosy mail reached alice by SMTP: ${
        smtp.messages.map((m) => m.to).join("; ")
      }`,
    );
    await stdin.close();
    child.kill("SIGTERM");
    await child.status;
    child = null;
    await err.cancel();
    await out.cancel();
  } finally {
    if (child) {
      try {
        child.kill("SIGKILL");
      } catch { /* it has ended already */ }
      await child.status;
    }
    await smtp.close();
    await dovecot.stop();
    for (const d of cleanup) await Deno.remove(d, { recursive: true });
  }
});
