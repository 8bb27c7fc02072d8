import assert from "node:assert/strict";
import { UsageError } from "../cli.ts";
import { InvalidValueError } from "../store/mod.ts";
import {
  netrcEntry,
  parseSourceArgs,
  runSource,
  type SourceSpec,
} from "./sources.ts";
import { processMbox, splitMbox } from "./mbox.ts";
import { encodeMailboxName, uidSet } from "./imap.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The expected spec of a server source. */
function server(
  kind: string,
  user: string,
  host: string,
  more = {},
): SourceSpec {
  return { kind, user, host, ...more } as SourceSpec;
}

Deno.test("parseSourceArgs() reads Roundup's source syntax", () => {
  const table: [string, SourceSpec][] = [
    ["mailbox /var/mail/tracker", {
      kind: "mailbox",
      path: "/var/mail/tracker",
    }],
    [
      "pop bob:pw@mx.example.com",
      server("pop", "bob", "mx.example.com", { password: "pw" }),
    ],
    [
      "pops bob@mx.example.com:1995",
      server("pops", "bob", "mx.example.com", { port: 1995 }),
    ],
    ["apop mx.example.com", server("apop", "", "mx.example.com")],
    [
      "pop bob@example.com:p@ss:w@mx:110",
      server("pop", "bob@example.com", "mx", { password: "p@ss:w", port: 110 }),
    ],
    [
      "imap u:pw@[::1]:143 Tracker",
      server("imap", "u", "::1", {
        password: "pw",
        port: 143,
        mailbox: "Tracker",
      }),
    ],
    [
      "imaps u:pw@imap.example.com",
      server("imaps", "u", "imap.example.com", { password: "pw" }),
    ],
    [
      "imaps_cram u@h Lists/roundup",
      server("imaps_cram", "u", "h", { mailbox: "Lists/roundup" }),
    ],
  ];
  for (const [line, want] of table) {
    const [method, ...args] = line.split(" ");
    assert.deepEqual(parseSourceArgs(method!, args), want, line);
  }
});

Deno.test("parseSourceArgs() rejects bad syntax in one line (the usage lists the forms)", () => {
  const bad: [string, string[], RegExp][] = [
    ["mailbox", [], /not enough source specification information/],
    ["pop", [], /not enough source specification information/],
    ["pop", ["u@h", "INBOX"], /too many arguments for mail source "pop"/],
    ["imap", ["u@h", "INBOX", "x"], /too many arguments/],
    ["pops", ["u:pw@host:port"], /pops specification not valid: "u:pw@h/],
    ["imap", ["u@h:70000"], /imap specification not valid/],
    ["imaps_oauth", ["u@h"], /"imaps_oauth" is not supported/],
    ["smtp", ["u@h"], /The source must be either "mailbox", "pop".*not "smtp"/],
  ];
  for (const [method, args, re] of bad) {
    assert.throws(() => parseSourceArgs(method, args), (e: Error) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, re);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
  }
});

Deno.test("netrcEntry() finds the machine's login and password, else the default", async () => {
  const path = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(
      path,
      "machine other login x password y\nmacdef init\ncd /\n\nmachine mx login bob\n  password s3cret\ndefault login anon password none\n",
    );
    const mx = { machine: "mx", login: "bob", password: "s3cret" };
    assert.deepEqual(await netrcEntry("mx", path), mx);
    const other = { machine: "", login: "anon", password: "none" };
    assert.deepEqual(await netrcEntry("elsewhere", path), other);
    assert.equal(await netrcEntry("mx", path + ".missing"), undefined);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("runSource() fills in credentials from netrc, then by asking", async () => {
  const netrc = await Deno.makeTempFile();
  await Deno.writeTextFile(
    netrc,
    "machine 127.0.0.1 login bob password fromnetrc\n",
  );
  // a closed port: the attempt fails after credentials are settled, which is all this test needs
  const port = (() => {
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    l.close();
    return (l.addr as Deno.NetAddr).port;
  })();
  try {
    const asked: string[] = [];
    const opts = {
      netrc,
      password: () => (asked.push("password"), Promise.resolve("typed")),
      user: () => (asked.push("user"), Promise.resolve("typed-user")),
    };
    const fail = (spec: string) =>
      runSource(
        parseSourceArgs("pop", [spec]),
        () => Promise.resolve(true),
        opts,
      );
    await assert.rejects(
      fail(`127.0.0.1:${port}`),
      /Cannot connect to POP3 server "127.0.0.1:\d+"/,
    );
    assert.deepEqual(asked, []);
    await assert.rejects(fail(`alice@127.0.0.1:${port}`), /Cannot connect/);
    assert.deepEqual(asked, ["password"]);
    await assert.rejects(
      runSource(
        parseSourceArgs("pop", [`localhost:${port}`]),
        () => Promise.resolve(true),
        { netrc },
      ),
      /Cannot log in to pop server "localhost": no user name given/,
    );
  } finally {
    await Deno.remove(netrc);
  }
});

Deno.test("runSource() hands standard input over as one message", async () => {
  const stdin = new Blob(["Subject: hi\n\nbody\n"]).stream();
  let got = "";
  const result = await runSource(
    { kind: "stdin" },
    (m) => (got = `${m.label}: ${dec.decode(m.raw)}`, Promise.resolve(false)),
    {
      stdin,
    },
  );
  assert.deepEqual(result, { handled: 0, failed: 1 });
  assert.equal(got, "stdin: Subject: hi\n\nbody\n");
});

const MBOX =
  "From alice@example.com Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From here on\n>From quoted\n>>From twice\n\n" +
  "From bob@example.com Mon Jan  1 00:00:01 2024\nSubject: two\n\nbody\nFrom inside, no empty line before\n\n" +
  "From carol@example.com Mon Jan  1 00:00:02 2024\nSubject: three\n\nlast\n";

Deno.test("splitMbox() splits on From_ lines after an empty line and undoes >From quoting", () => {
  const msgs = splitMbox(enc.encode(MBOX)).map((m) => dec.decode(m.raw));
  assert.deepEqual(msgs, [
    "Subject: one\n\nFrom here on\nFrom quoted\n>From twice\n",
    "Subject: two\n\nbody\nFrom inside, no empty line before\n",
    "Subject: three\n\nlast\n",
  ]);
  const crlf = splitMbox(enc.encode(MBOX.replaceAll("\n", "\r\n"))).map((m) =>
    dec.decode(m.raw)
  );
  assert.equal(
    crlf[1],
    "Subject: two\r\n\r\nbody\r\nFrom inside, no empty line before\r\n",
  );
  assert.deepEqual(splitMbox(enc.encode("\n  \n")), []);
  assert.throws(
    () => splitMbox(enc.encode("Subject: not an mbox\n")),
    InvalidValueError,
  );
});

async function withMbox(
  text: string,
  fn: (path: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/mbox`, text);
    await fn(`${dir}/mbox`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("processMbox() keeps only the failed messages, byte for byte, and empties the file when all succeed", async () => {
  await withMbox(MBOX, async (path) => {
    const labels: string[] = [];
    const result = await processMbox(path, (m) => {
      labels.push(m.label);
      return Promise.resolve(!dec.decode(m.raw).includes("Subject: one"));
    });
    assert.deepEqual(result, { handled: 2, failed: 1 });
    assert.deepEqual(labels, ["mbox 1", "mbox 2", "mbox 3"]);
    assert.equal(
      await Deno.readTextFile(path),
      MBOX.slice(0, MBOX.indexOf("From bob")),
    );
    assert.deepEqual(await processMbox(path, () => Promise.resolve(true)), {
      handled: 1,
      failed: 0,
    });
    assert.equal((await Deno.stat(path)).size, 0);
    await assert.rejects(Deno.stat(`${path}.lock`), Deno.errors.NotFound);
  });
});

Deno.test("processMbox() keeps the message in hand and the rest when the handler throws, and mail appended meanwhile", async () => {
  await withMbox(MBOX, async (path) => {
    let n = 0;
    await assert.rejects(
      processMbox(path, async () => {
        if (++n === 1) return true;
        // a delivery agent that ignores our locks appends while we work
        await Deno.writeTextFile(
          path,
          "From late@example.com Tue Jan  2 00:00:00 2024\nSubject: late\n\nx\n",
          {
            append: true,
          },
        );
        throw new Error("boom");
      }),
      /boom/,
    );
    const left = splitMbox(await Deno.readFile(path)).map((m) =>
      dec.decode(m.raw).split("\n")[0]
    );
    assert.deepEqual(left, ["Subject: two", "Subject: three", "Subject: late"]);
  });
});

Deno.test("processMbox() holds PATH.lock and an exclusive lock while it works, and waits for other holders", async () => {
  await withMbox(MBOX, async (path) => {
    await Deno.writeTextFile(`${path}.lock`, `${Deno.pid}\n`);
    await assert.rejects(
      processMbox(path, () => Promise.resolve(true), { lockWaitMs: 150 }),
      /Cannot lock mailbox ".*mbox": the lock file ".*mbox\.lock" is held by another program/,
    );
    await Deno.remove(`${path}.lock`);
    const other = await Deno.open(path, { read: true });
    await other.lock(true);
    let started = false;
    const run = processMbox(path, async () => {
      started = true;
      assert.ok((await Deno.stat(`${path}.lock`)).isFile);
      return true;
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(
      started,
      false,
      "processMbox() must wait for the exclusive lock",
    );
    await other.unlock();
    other.close();
    assert.deepEqual(await run, { handled: 3, failed: 0 });
  });
});

Deno.test("processMbox() refuses a missing file and a file that is not an mbox, leaving it untouched", async () => {
  await assert.rejects(
    processMbox("/nonexistent/mbox", () => Promise.resolve(true)),
    /Cannot open mailbox/,
  );
  await withMbox("Subject: x\n\nnot an mbox\n", async (path) => {
    await assert.rejects(
      processMbox(path, () => Promise.resolve(true)),
      /does not start with a "From " line/,
    );
    assert.equal(await Deno.readTextFile(path), "Subject: x\n\nnot an mbox\n");
  });
});

Deno.test("uidSet() and encodeMailboxName() build IMAP arguments", () => {
  assert.equal(uidSet([9, 3, 4, 5, 11, 12]), "3:5,9,11:12");
  assert.equal(encodeMailboxName("Tracker & Co"), "Tracker &- Co");
  assert.equal(encodeMailboxName("Entwürfe"), "Entw&APw-rfe");
  assert.equal(encodeMailboxName("日本語"), "&ZeVnLIqe-");
});
