/** A real SMTP server (npm:smtp-server) on loopback that keeps every message it receives. */
import { SMTPServer } from "smtp-server";
import { Buffer } from "node:buffer";

/** One message as the server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** True when the session ran over TLS (STARTTLS or implicit). */
  secure: boolean;
  /** The user that logged in, if any. */
  user?: string;
}

/** Options of startSmtpSink(). */
export interface SmtpSinkOptions {
  /** Implicit TLS from the first byte (SMTPS); needs key and cert. */
  secure?: boolean;
  /** PEM key and certificate; with them and without `secure` the server offers STARTTLS. */
  key?: string;
  cert?: string;
  /** Require AUTH PLAIN/LOGIN with these credentials. */
  auth?: { user: string; pass: string };
  /** Refuse every message with this SMTP reply text (a 550). */
  reject?: string;
}

/** A running sink: its port, what it received so far, and close(). */
export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** Starts an SMTP server on a random loopback port. */
export async function startSmtpSink(
  opts: SmtpSinkOptions = {},
): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const tls = opts.key && opts.cert;
  const server = new SMTPServer({
    secure: !!opts.secure,
    ...(tls ? { key: opts.key, cert: opts.cert } : {}),
    disabledCommands: [
      ...(tls && !opts.secure ? [] : ["STARTTLS"]),
      ...(opts.auth ? [] : ["AUTH"]),
    ],
    authOptional: !opts.auth,
    allowInsecureAuth: !tls,
    logger: false,
    onAuth(auth, _session, cb) {
      if (
        auth.username === opts.auth?.user && auth.password === opts.auth?.pass
      ) {
        return cb(null, { user: auth.username });
      }
      cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (opts.reject) {
          const err = Object.assign(new Error(opts.reject), {
            responseCode: 550,
          });
          return cb(err);
        }
        const from = session.envelope.mailFrom;
        messages.push({
          from: from ? from.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          secure: session.secure,
          ...(session.user ? { user: String(session.user) } : {}),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A self-signed CA:FALSE certificate for 127.0.0.1 and localhost, made with openssl. */
export async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const dir = await Deno.makeTempDir();
  try {
    const out = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-keyout",
        `${dir}/key.pem`,
        "-out",
        `${dir}/cert.pem`,
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-addext",
        "extendedKeyUsage=serverAuth",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(
        `Cannot make a test certificate: ${
          new TextDecoder().decode(out.stderr)
        }`,
      );
    }
    return {
      key: await Deno.readTextFile(`${dir}/key.pem`),
      cert: await Deno.readTextFile(`${dir}/cert.pem`),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
