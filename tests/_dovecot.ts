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
  /** Removes all of the user's mail and mailboxes. */
  reset(user: string): Promise<void>;
  stop(): Promise<void>;
}

const DOVECOT = "/usr/sbin/dovecot";
const DOVEADM = "/usr/bin/doveadm";
export const DOVECOT_PASSWORD = "secret";

/** True when Dovecot, doveadm and openssl are installed and we run as root (Dovecot switches to user "mail"). */
export async function dovecotAvailable(): Promise<boolean> {
  return (await whyUnavailable()) === null;
}

async function whyUnavailable(): Promise<string | null> {
  for (const bin of [DOVECOT, DOVEADM]) {
    if (!(await Deno.stat(bin).then(() => true, () => false))) {
      return `${bin} is not installed (apt-get install dovecot-imapd dovecot-pop3d)`;
    }
  }
  if (!(await run(["openssl", "version"]).then(() => true, () => false))) return "openssl is not installed";
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
  if (Deno.env.get("CI") === "true") throw new Error(`Cannot run "${name}" in CI: ${why}`);
  await Deno.stderr.write(new TextEncoder().encode(`skipping "${name}": ${why}\n`));
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
    "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
    "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`,
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-addext", "basicConstraints=critical,CA:FALSE",
    "-addext", "extendedKeyUsage=serverAuth",
  ]);
  const [pop3, pop3s, imap, imaps] = freePorts(4);
  const ports = { pop3: pop3!, pop3s: pop3s!, imap: imap!, imaps: imaps! };
  const conf = `${dir}/dovecot.conf`;
  await Deno.writeTextFile(conf, config(dir, ports));
  await run([DOVECOT, "-c", conf]);
  await waitForListeners(Object.values(ports), `${dir}/dovecot.log`);
  const doveadm = (args: string[], stdin?: string) => run([DOVEADM, "-c", conf, ...args], stdin);
  return {
    ports,
    cert: await Deno.readTextFile(`${dir}/cert.pem`),
    password: DOVECOT_PASSWORD,
    dir,
    async deliver(user, raw, mailbox = "INBOX") {
      if (mailbox !== "INBOX") {
        await doveadm(["mailbox", "create", "-u", user, mailbox]).catch((err: Error) => {
          if (!/exists/i.test(err.message)) throw err;
        });
      }
      await doveadm(["save", "-u", user, "-m", mailbox], raw);
    },
    async reset(user) {
      await Deno.remove(`${dir}/home/${user}`, { recursive: true }).catch(() => {});
    },
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
first_valid_uid = 1
mail_location = maildir:${dir}/home/%u/Maildir
pop3_uidl_format = %08Xu%08Xv
passdb {
  driver = static
  args = password=${DOVECOT_PASSWORD}
}
userdb {
  driver = static
  args = uid=mail gid=mail home=${dir}/home/%u
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
  const pid = Number(await Deno.readTextFile(`${dir}/run/master.pid`).catch(() => ""));
  if (pid > 0) {
    await run([DOVEADM, "-c", `${dir}/dovecot.conf`, "stop"]).catch(() => {});
    const deadline = Date.now() + 5000;
    while (await Deno.stat(`/proc/${pid}`).then(() => true, () => false)) {
      if (Date.now() > deadline) {
        Deno.kill(pid, "SIGKILL");
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

async function waitForListeners(ports: number[], log: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (const port of ports) {
    for (;;) {
      try {
        (await Deno.connect({ hostname: "127.0.0.1", port })).close();
        break;
      } catch {
        if (Date.now() > deadline) {
          const text = await Deno.readTextFile(log).catch(() => "");
          throw new Error(`Cannot start Dovecot: nothing listens on port ${port}\n${text}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
}

function freePorts(n: number): number[] {
  const listeners = Array.from({ length: n }, () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

async function mailUser(): Promise<{ uid: number; gid: number }> {
  const line = (await Deno.readTextFile("/etc/passwd")).split("\n").find((l) => l.startsWith("mail:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`Cannot start Dovecot: no user "mail" in /etc/passwd`);
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
  const dec = new TextDecoder();
  if (!out.success) throw new Error(`Cannot run ${cmd.slice(0, 3).join(" ")}: ${dec.decode(out.stderr).trim()}`);
  return dec.decode(out.stdout);
}
