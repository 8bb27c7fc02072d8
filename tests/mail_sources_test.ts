import assert from "node:assert/strict";
import { type Dovecot, requireOrSkip, startDovecot } from "./_dovecot.ts";
import {
  parseSourceArgs,
  runSource,
  type SourceOptions,
} from "../mailgw/sources.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const HAVE_DOVECOT = await requireOrSkip("runSource() against Dovecot");
const THREE = ["one", "two", "three"];

function message(subject: string): string {
  // lines starting with "." exercise POP3 dot-stuffing
  return `From: a@example.com\nSubject: ${subject}\n\n.dot\n..two\n.\nend\n`;
}

/** Runs `method` as `user` (password given unless `pw` says otherwise); `decide` answers per subject. */
async function collect(
  d: Dovecot,
  [method, port, user, rest]: [string, number, string, string[]?],
  decide: (subject: string) => boolean,
  opts: SourceOptions & { pw?: string } = {},
) {
  const pw = opts.pw ?? `:${d.password}`;
  const spec = parseSourceArgs(method, [
    `${user}${pw}@localhost:${port}`,
    ...(rest ?? []),
  ]);
  const seen: string[] = [];
  const result = await runSource(spec, (mail) => {
    const text = dec.decode(mail.raw);
    const subject = /^Subject: (.*)\r$/m.exec(text)?.[1] ?? "";
    // byte for byte what was delivered, in the wire's CRLF
    assert.equal(text, message(subject).replaceAll("\n", "\r\n"));
    seen.push(subject);
    return Promise.resolve(decide(subject));
  }, { caCerts: [d.cert], timeoutMs: 5000, ...opts });
  return { result, seen };
}

Deno.test({
  name:
    "runSource() reads mail from Dovecot and deletes only what the handler accepted",
  ignore: !HAVE_DOVECOT,
  async fn(t) {
    const started = performance.now();
    const d = await startDovecot();
    const { pop3, pop3s, imap, imaps } = d.ports;
    const deliver = async (user: string, subjects: string[]) => {
      for (const s of subjects) await d.deliver(user, message(s));
    };
    try {
      const cases: [string, number, string][] = [
        ["pop", pop3, "PLAIN"], // plaintext port: must use STLS
        ["pops", pop3s, "PLAIN"],
        ["apop", pop3, "APOP"],
        ["imap", imap, "PLAIN"], // plaintext port: must use STARTTLS
        ["imaps", imaps, "PLAIN"],
        ["imaps_cram", imaps, "CRAM-MD5"],
      ];
      for (const [method, port, mech] of cases) {
        await t.step(
          `${method} deletes only accepted mail, logs in by ${mech} over TLS`,
          async () => {
            const src: [string, number, string] = [method, port, `u_${method}`];
            await deliver(src[2], THREE);
            const first = await collect(d, src, (s) => s !== "two");
            assert.deepEqual(first, {
              result: { handled: 2, failed: 1 },
              seen: THREE,
            });
            const second = await collect(d, src, () => true);
            assert.deepEqual(second, {
              result: { handled: 1, failed: 0 },
              seen: ["two"],
            });
            assert.deepEqual((await collect(d, src, () => true)).seen, []);
            const logins = (await d.log()).split("\n").filter((l) =>
              l.includes(`user=<${src[2]}>, method`)
            );
            assert.equal(logins.length, 3);
            for (const l of logins) {
              assert.match(l, new RegExp(`method=${mech}, .*, TLS,`));
            }
          },
        );
      }

      await t.step(
        "imap reads the mailbox named on the command line",
        async () => {
          await d.deliver("boxes", message("in inbox"));
          await d.deliver("boxes", message("in tracker"), "Tracker");
          const got = await collect(
            d,
            ["imap", imap, "boxes", ["Tracker"]],
            () => true,
          );
          assert.deepEqual(got, {
            result: { handled: 1, failed: 0 },
            seen: ["in tracker"],
          });
          assert.deepEqual(
            (await collect(d, ["imap", imap, "boxes"], () => false)).seen,
            ["in inbox"],
          );
          await assert.rejects(
            collect(d, ["imap", imap, "boxes", ["Missing"]], () => true),
            /Cannot select mailbox "Missing" on IMAP server "localhost:\d+": Mailbox doesn't exist: Missing/,
          );
        },
      );

      await t.step(
        "a wrong password is a clear error; an omitted one is asked for",
        async () => {
          await deliver("wrong", ["kept"]);
          await assert.rejects(
            collect(d, ["pop", pop3, "wrong"], () => true, { pw: ":nope" }),
            /^Error: Cannot log in as "wrong" to POP3 server "localhost:\d+": \[AUTH\] Authentication failed/,
          );
          await assert.rejects(
            collect(d, ["imaps_cram", imaps, "wrong"], () => true, {
              pw: ":nope",
            }),
            /Cannot log in as "wrong" to IMAP server "localhost:\d+": \[AUTHENTICATIONFAILED\] Authentication failed/,
          );
          const password = () => Promise.resolve(d.password);
          const asked = await collect(d, ["imap", imap, "wrong"], () => false, {
            pw: "",
            password,
          });
          assert.deepEqual(asked.seen, ["kept"]);
        },
      );

      await t.step(
        "STARTTLS with an untrusted certificate fails, never falls back to plaintext",
        async () => {
          for (
            const [method, port] of [["pop", pop3], ["imap", imap]] as const
          ) {
            await assert.rejects(
              collect(d, [method, port, "tls"], () => true, { caCerts: [] }),
              /Cannot start TLS with (POP3|IMAP) server "localhost:\d+": invalid peer certificate: UnknownIssuer/,
            );
          }
          assert.ok(
            !(await d.log()).includes("user=<tls>"),
            "no login may happen without TLS",
          );
        },
      );

      await t.step(
        "a handler that throws stops the run; what it accepted before is deleted",
        async () => {
          for (
            const [method, port] of [["pop", pop3], ["imap", imap]] as const
          ) {
            const src: [string, number, string] = [
              method,
              port,
              `throws_${method}`,
            ];
            await deliver(src[2], THREE);
            const crash = (s: string) => {
              if (s === "two") throw new Error("handler crashed");
              return true;
            };
            await assert.rejects(collect(d, src, crash), /handler crashed/);
            assert.deepEqual((await collect(d, src, () => false)).seen, [
              "two",
              "three",
            ]);
          }
        },
      );
    } finally {
      await d.stop();
      const ms = Math.round(performance.now() - started);
      await Deno.stderr.write(
        enc.encode(`Dovecot start, tests and stop: ${ms} ms\n`),
      );
    }
  },
});

/** A fake server on loopback: sends `greeting`, then answers each line; null hangs up. */
function scriptedPeer(
  greeting: string,
  answer: (line: string) => string | null,
) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    const conn = await listener.accept();
    try {
      await conn.write(enc.encode(greeting));
      let pending = "";
      const chunk = new Uint8Array(4096);
      for (
        let n = await conn.read(chunk);
        n !== null;
        n = await conn.read(chunk)
      ) {
        pending += dec.decode(chunk.subarray(0, n));
        for (
          let i = pending.indexOf("\r\n");
          i >= 0;
          i = pending.indexOf("\r\n")
        ) {
          const reply = answer(pending.slice(0, i));
          pending = pending.slice(i + 2);
          if (reply === null) return;
          await conn.write(enc.encode(reply));
        }
      }
    } catch {
      // the client hung up
    } finally {
      conn.close();
    }
  })();
  const port = (listener.addr as Deno.NetAddr).port;
  return { port, close: async () => (listener.close(), await served) };
}

const accept = () => Promise.resolve(true);
const local = (method: string, port: number) =>
  parseSourceArgs(method, [`u:p@127.0.0.1:${port}`]);

Deno.test("runSource() times out on a server that never answers", async () => {
  // the kernel completes connections in the backlog, but nobody ever reads or writes
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  try {
    const started = performance.now();
    const cases = [
      ["pop", "Cannot read from POP3"],
      ["imap", "Cannot read from IMAP"],
      ["imaps", "Cannot start TLS with IMAP"],
    ];
    for (const [method, action] of cases) {
      const re = new RegExp(
        `^TimedOut: ${action} server "127.0.0.1:${port}": no answer within 200 ms$`,
      );
      await assert.rejects(
        runSource(local(method!, port), accept, { timeoutMs: 200 }),
        (err: Error) => {
          assert.ok(err instanceof Deno.errors.TimedOut);
          assert.match(String(err), re);
          return true;
        },
      );
    }
    assert.ok(performance.now() - started < 2000);
  } finally {
    listener.close();
  }
});

Deno.test("runSource() refuses STLS when the server sent bytes ahead of the TLS handshake", async () => {
  const peer = scriptedPeer("+OK ready\r\n", (line) => {
    if (line === "CAPA") return "+OK\r\nSTLS\r\n.\r\n";
    return line === "STLS" ? "+OK go ahead\r\n+OK injected\r\n" : "-ERR\r\n";
  });
  try {
    await assert.rejects(
      runSource(local("pop", peer.port), accept, { timeoutMs: 2000 }),
      /Cannot start TLS with POP3 server "127.0.0.1:\d+": the server sent data before the TLS handshake/,
    );
  } finally {
    await peer.close();
  }
});

Deno.test("runSource() reports a server that hangs up inside a message, and handles nothing", async () => {
  const handled: string[] = [];
  const peer = scriptedPeer("+OK ready\r\n", (line) => {
    if (line === "LIST") return "+OK\r\n1 40\r\n.\r\n";
    if (line === "RETR 1") return null;
    return line === "CAPA" ? "-ERR unknown\r\n" : "+OK\r\n";
  });
  try {
    const handle = (
      m: { label: string },
    ) => (handled.push(m.label), Promise.resolve(true));
    await assert.rejects(
      runSource(local("pop", peer.port), handle, { timeoutMs: 2000 }),
      /Cannot read from POP3 server "127.0.0.1:\d+": the server closed the connection/,
    );
    assert.deepEqual(handled, []);
  } finally {
    await peer.close();
  }
});
