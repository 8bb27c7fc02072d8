/**
 * A throwaway Dovecot (POP3, IMAP, both with STARTTLS and implicit TLS) on loopback for the mail source tests:
 * temp dir, generated config, self-signed CA:FALSE certificate, random free ports. Any user logs in with the
 * password "secret", by plaintext, APOP or CRAM-MD5.
 */

/** A running Dovecot; `stop()` ends it and removes its directory. */
export interface Dovecot {
  ports: { pop3: number; pop3s: number; imap: number; imaps: number };
  /** The server certificate (PEM), to pass as `caCerts`. */
  cert: string;
  /** The password every user has. */
  password: string;
  dir: string;
  /** Stores a message in the user's mailbox (INBOX unless given), creating the mailbox when needed. */
  deliver(user: string, raw: string, mailbox?: string): Promise<void>;
  /** Dovecot's log so far (login lines name the method and "TLS"). */
  log(): Promise<string>;
  /** Removes all of the user's mail and mailboxes. */
  reset(user: string): Promise<void>;
  stop(): Promise<void>;
}

const DOVECOT = "/usr/sbin/dovecot";
const DOVEADM = "/usr/bin/doveadm";
export const DOVECOT_PASSWORD = "secret";

/** Why the Dovecot tests cannot run here (Dovecot, doveadm, openssl, root), or null when they can. */
async function whyUnavailable(): Promise<string | null> {
  for (const bin of [DOVECOT, DOVEADM]) {
    if (!(await Deno.stat(bin).catch(() => null))) {
      return `${bin} is not installed (apt-get install dovecot-imapd dovecot-pop3d)`;
    }
  }
  if (!(await run(["openssl", "version"]).then(() => true, () => false))) {
    return "openssl is not installed";
  }
  if (Deno.uid() !== 0) return "the Dovecot tests must run as root";
  return null;
}

/**
 * Says whether the Dovecot tests can run: when they cannot, throws in CI (CI=true) so the run fails, and
 * otherwise prints why NAME is skipped and returns false.
 */
export async function requireOrSkip(name: string): Promise<boolean> {
  const why = await whyUnavailable();
  if (why === null) return true;
  if (Deno.env.get("CI") === "true") {
    throw new Error(`Cannot run "${name}" in CI: ${why}`);
  }
  await Deno.stderr.write(
    new TextEncoder().encode(`skipping "${name}": ${why}\n`),
  );
  return false;
}

/** Starts Dovecot and waits until all four listeners accept connections. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = await Deno.makeTempDir({ prefix: "roundup-dovecot-" });
  try {
    return await launch(dir);
  } catch (err) {
    await stopAndClean(dir);
    throw err;
  }
}

async function launch(dir: string): Promise<Dovecot> {
  // Dovecot's mail processes run as "mail" and must reach the homes below the temp dir
  await Deno.chmod(dir, 0o711);
  for (const sub of ["run", "state", "home"]) await Deno.mkdir(`${dir}/${sub}`);
  const mail = await mailUser();
  await Deno.chown(`${dir}/home`, mail.uid, mail.gid);
  // deno-fmt-ignore
  await run([
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
    "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`,
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-addext", "basicConstraints=critical,CA:FALSE",
    "-addext", "extendedKeyUsage=serverAuth",
  ]);
  const [pop3, pop3s, imap, imaps] = freePorts(4);
  const ports = { pop3: pop3!, pop3s: pop3s!, imap: imap!, imaps: imaps! };
  const conf = `${dir}/dovecot.conf`;
  await Deno.writeTextFile(conf, config(dir, ports));
  // the daemon keeps its stderr open, so it goes to a file rather than a pipe we would wait on
  const errors = `${dir}/startup.err`;
  const sh = 'exec "$0" -c "$1" 2>"$2" >/dev/null';
  await run(["sh", "-c", sh, DOVECOT, conf, errors]).catch(async () => {
    throw new Error(`Cannot start Dovecot: ${await read(errors)}`);
  });
  const log = `${dir}/dovecot.log`;
  for (const port of Object.values(ports)) {
    const connects = () =>
      Deno.connect({ hostname: "127.0.0.1", port }).then(
        (c) => (c.close(), true),
        () => false,
      );
    await waitFor(connects, `nothing listens on port ${port}`, log);
  }
  // master.pid appears a little after the listeners, and stop() needs it
  await waitFor(
    async () => (await read(`${dir}/run/master.pid`)) !== "",
    "no master.pid",
    log,
  );
  const doveadm = (args: string[], stdin?: string) =>
    run([DOVEADM, "-c", conf, ...args], stdin);
  return {
    ports,
    cert: await Deno.readTextFile(`${dir}/cert.pem`),
    password: DOVECOT_PASSWORD,
    dir,
    async deliver(user, raw, mailbox = "INBOX") {
      if (mailbox !== "INBOX") {
        const create = doveadm(["mailbox", "create", "-u", user, mailbox]);
        await create.catch((err: Error) => {
          if (!/exists/i.test(err.message)) throw err;
        });
      }
      await doveadm(["save", "-u", user, "-m", mailbox], raw);
    },
    async reset(user) {
      await Deno.remove(`${dir}/home/${user}`, { recursive: true }).catch(
        () => {},
      );
    },
    log: () => Deno.readTextFile(`${dir}/dovecot.log`),
    stop: () => stopAndClean(dir),
  };
}

function config(dir: string, ports: Dovecot["ports"]): string {
  // static passdb: every user has the same plaintext password, which also serves APOP and CRAM-MD5
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5 apop
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:${dir}/home/%u/Maildir
pop3_uidl_format = %08Xu%08Xv
# without a stats writer, processes neither wait for nor linger on the stats service
stats_writer_socket_path =
passdb {
  driver = static
  args = password=${DOVECOT_PASSWORD}
}
userdb {
  driver = static
  args = uid=mail gid=mail home=${dir}/home/%u
}
# no growing delays after the deliberate wrong-password logins
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = ${ports.imaps}
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = ${ports.pop3}
  }
  inet_listener pop3s {
    port = ${ports.pop3s}
    ssl = yes
  }
}
`;
}

/** Stops the Dovecot of `dir` (if running), waits for its master process to end, removes `dir`. */
async function stopAndClean(dir: string): Promise<void> {
  const pid = Number(await read(`${dir}/run/master.pid`));
  if (pid > 0 && (await alive(pid))) {
    // what `doveadm stop` does, without its wait for the zombie to be reaped (slow under this init)
    Deno.kill(pid, "SIGTERM");
    // a master stopped while its children still start up can take seconds: then end it and them at once
    const ended = await waitFor(async () => !(await alive(pid)), "", "", 1500)
      .then(() => true, () => false);
    if (!ended) {
      for (const child of await childrenOf(pid)) Deno.kill(child, "SIGKILL");
      Deno.kill(pid, "SIGKILL");
      await waitFor(
        async () => !(await alive(pid)),
        `process ${pid} does not end`,
        "",
      );
    }
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

async function childrenOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for await (const e of Deno.readDir("/proc")) {
    const ppid = /\) \S+ (\d+)/.exec(await read(`/proc/${e.name}/stat`))?.[1];
    if (Number(ppid) === pid) out.push(Number(e.name));
  }
  return out;
}

/** True while `pid` runs; a zombie waiting for a reaper counts as ended. */
async function alive(pid: number): Promise<boolean> {
  const stat = await read(`/proc/${pid}/stat`);
  return stat !== "" && !/^\d+ \(.*\) Z/.test(stat);
}

/** Polls `check` until it holds; after `ms` fails with `what` and the log's text. */
async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  log: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Cannot start Dovecot: ${what}\n${await read(log)}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The file's text, or "" when it cannot be read. */
function read(path: string): Promise<string> {
  return Deno.readTextFile(path).catch(() => "");
}

function freePorts(n: number): number[] {
  const listeners = Array.from(
    { length: n },
    () => Deno.listen({ hostname: "127.0.0.1", port: 0 }),
  );
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

async function mailUser(): Promise<{ uid: number; gid: number }> {
  const [, , uid, gid] =
    /^mail:.*$/m.exec(await read("/etc/passwd"))?.[0].split(":") ?? [];
  if (!uid || !gid) {
    throw new Error(`Cannot start Dovecot: no user "mail" in /etc/passwd`);
  }
  return { uid: Number(uid), gid: Number(gid) };
}

async function run(cmd: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(cmd[0]!, {
    args: cmd.slice(1),
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b).trim();
  if (!out.success) {
    throw new Error(
      `Cannot run ${cmd.slice(0, 3).join(" ")}: ${text(out.stderr)}`,
    );
  }
  return text(out.stdout);
}
