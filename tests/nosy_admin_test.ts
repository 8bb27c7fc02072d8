/**
 * Nosy mail for a message linked from `roundup admin` (compared with roundup-admin 2.6): linking a msg
 * to an issue, by `set issueN messages=…` or `create issue … messages=…`, mails the nosy list, and the
 * msg gets its recipients and a made-up Message-Id, journalled as two changes in that order.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  initialiseTracker,
  installTracker,
  openTracker,
} from "../tracker/home.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function admin(home: string, ...args: string[]): Promise<string> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "admin", "-i", home, ...args],
    env: { NO_COLOR: "1", TZ: "UTC" },
    stdin: "null",
  }).output();
  const out = new TextDecoder().decode(r.stdout);
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  return out;
}

Deno.test("roundup admin linking a msg to an issue sends the nosy mail as Roundup does", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const home = join(dir, "tracker");
    await installTracker(home, {
      settings: {
        tracker_web: "http://localhost/t/",
        mail_domain: "example.com",
        mail_host: "127.0.0.1",
        mail_debug: "maildebug.txt",
        password_pbkdf2_default_rounds: "1000",
      },
    });
    const t = await openTracker(home, { sendMail: false });
    await initialiseTracker(t, "secret");
    await t.db.cls("user").create({
      username: "fred",
      address: "fred@example.com",
      roles: "User",
    });
    t.close();
    await admin(home, "create", "issue", "title=first", "nosy=1,3");
    await admin(home, "create", "msg", "content=hello", "author=3");
    await admin(home, "set", "issue1", "messages=1");
    await admin(home, "create", "msg", "content=again", "author=1");
    await admin(
      home,
      "create",
      "issue",
      "title=second",
      "messages=2",
      "nosy=3",
    );

    const mail = await Deno.readTextFile(join(home, "maildebug.txt"));
    const mails = mail.split(/^From roundup-admin@example\.com /m).slice(1);
    assert.equal(mails.length, 2, mail);
    assert.match(mails[0]!, /^TO: roundup-admin@example\.com$/m);
    assert.match(mails[0]!, /^Subject: \[issue1\] first$/m);
    assert.match(mails[0]!, /^New submission from fred <fred@example\.com>:$/m);
    assert.match(mails[1]!, /^TO: fred@example\.com$/m);
    assert.match(mails[1]!, /^Subject: \[issue2\] second$/m);

    const history = await admin(home, "history", "msg1");
    const lines = history.trim().split("\n").map((l) => l.replace(/^\S+ /, ""));
    assert.deepEqual(lines, [
      "create msg",
      "link added issue1 to messages",
      "set modified recipients: added: admin(1)",
      "set messageid was None",
    ]);
    const id = (await admin(home, "get", "messageid", "msg1")).trim();
    assert.match(id, /^<\d+(\.\d+)?\.[A-Z2-7]{16}\.issue1@example\.com>$/);
    assert.match(
      mails[0]!,
      new RegExp(`^Message-Id: ${id.replace(/\./g, "\\.")}$`, "m"),
    );
    assert.equal(
      (await admin(home, "get", "recipients", "msg2")).trim(),
      "['3']",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
