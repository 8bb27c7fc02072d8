/** `roundup server [options] [name=HOME]*`: roundup-server's command line on our web app. */
import { resolve } from "node:path";
import {
  type Command,
  type CommandContext,
  UsageError,
  VERSION,
} from "../cli.ts";
import { isStoreError } from "../store/mod.ts";
import { openTracker, type Tracker } from "../tracker/home.ts";
import {
  parseServerArgs,
  renderServerIni,
  type ServerOptions,
  servingThreads,
} from "./options.ts";
import { serveTrackers } from "./serve.ts";
import { readPem, selfSigned, type TlsPair } from "./tls.ts";
import { startInBackground } from "./daemon.ts";

const USAGE = `roundup server [options] [name=tracker_home]*

Serves the web interface of one or more trackers, each under /NAME/.

OPTIONS:
  -p PORT        port to listen on (default 8080)
  -n HOST        interface to listen on (default localhost; 0.0.0.0 for all)
  -C FILE        read options from an ini file: [main] options, [trackers] name = home
  -S             write (or update) the -C file from the options given and exit
  -l FILE        write the log (one line per request) to FILE instead of standard error
  -d PIDFILE     run in the background and write its process id to PIDFILE (needs -l)
  -D             stay in the foreground even with -d
  -s             serve HTTPS (with -e PEM, else a temporary self-signed certificate)
  -e PEM         file with the TLS private key and certificate
  -P             log the client address from X-Forwarded-For (behind a proxy)
  -I HEADERS     comma-separated headers naming a user a fronting server logged in
                 (used when [web] http_auth is on)
  -v, --version  print the version and exit
  -h, --help     print this help and exit
  --NAME=VALUE   any [main] option of the ini file (host, port, logfile, pidfile, ...)
  -t MODE        fork or thread (default fork): serve from one thread per CPU;
                 none or debug: serve from one thread
  -m N           serve from at most N threads (default 40)
  -N -L -V -i    accepted for roundup-server's scripts and ignored
                 (-u and -g are refused: start it as that user)

EXAMPLES:
  roundup server -p 8917 support=/srv/trackers/support
  roundup server -S -C /etc/roundup-server.ini -n 0.0.0.0 -p 8917 support=/srv/support
  roundup server -C /etc/roundup-server.ini -d /run/roundup.pid -l /var/log/roundup.log
`;

function logger(ctx: CommandContext, file: string): (line: string) => void {
  if (!file) return (line) => ctx.io.err(line + "\n");
  const enc = new TextEncoder();
  const f = Deno.openSync(file, { append: true, create: true });
  return (line) => void f.writeSync(enc.encode(line + "\n"));
}

async function openAll(o: ServerOptions): Promise<Array<[string, Tracker]>> {
  const out: Array<[string, Tracker]> = [];
  try {
    for (const [name, home] of o.trackers) {
      out.push([name, await openTracker(resolve(home))]);
    }
  } catch (e) {
    for (const [, t] of out) t.close();
    throw e;
  }
  return out;
}

async function tlsOf(o: ServerOptions): Promise<TlsPair | undefined> {
  if (!o.ssl) return undefined;
  return o.pem ? await readPem(o.pem) : await selfSigned(o.host);
}

async function run(args: string[], ctx: CommandContext): Promise<number> {
  const o = await parseServerArgs(args);
  if (o.help) {
    ctx.io.out(`USAGE:\n  ${USAGE}`);
    return 0;
  }
  if (o.version) {
    ctx.io.out(`roundup ${VERSION}\n`);
    return 0;
  }
  if (o.saveConfig) {
    if (!o.configFile) {
      throw new UsageError(
        "Cannot save the configuration (-S): name the file with -C FILE",
      );
    }
    await Deno.writeTextFile(o.configFile, renderServerIni(o));
    ctx.io.out(`Configuration saved to ${o.configFile}\n`);
    return 0;
  }
  if (!o.trackers.length) {
    throw new UsageError(
      "No tracker to serve: give name=tracker_home, or -C FILE with a [trackers] section",
    );
  }
  if (o.pidfile && !o.nodaemon) return await startInBackground(args, o, ctx);
  const log = logger(ctx, o.logfile);
  let trackers: Array<[string, Tracker]> = [];
  try {
    const tls = await tlsOf(o);
    trackers = await openAll(o);
    return await serveTrackers(trackers, {
      host: o.host,
      port: o.port,
      tls,
      includeHeaders: o.includeHeaders,
      logProxyHeader: o.logProxyHeader,
      threads: servingThreads(o),
      homes: o.trackers.map(([name, home]) => [name, resolve(home)]),
      log,
      // Written once listening, so that -d reports success only for a server that runs.
      onListen: () => {
        if (o.pidfile) Deno.writeTextFileSync(o.pidfile, `${Deno.pid}\n`);
      },
    });
  } catch (e) {
    for (const [, t] of trackers) t.close();
    // A background server has no terminal: its reason to stop goes to the log.
    if (o.logfile) log(`roundup server: ${(e as Error).message}`);
    throw e;
  } finally {
    if (o.pidfile) await Deno.remove(o.pidfile).catch(() => {});
  }
}

/** The `server` subcommand. */
export const serverCommand: Command = {
  name: "server",
  summary: "serve trackers on the web (roundup-server)",
  usage: USAGE,
  async run(args, ctx) {
    try {
      return await run(args, ctx);
    } catch (e) {
      if (e instanceof UsageError) {
        ctx.io.err(
          `roundup server: ${e.message}\nRun "roundup server -h" for the options.\n`,
        );
        return 2;
      }
      if (
        e instanceof RangeError || isStoreError(e) ||
        e instanceof Deno.errors.NotFound
      ) {
        const hint = /port is in use/.test(e.message)
          ? "; pick another with -p"
          : "";
        ctx.io.err(`roundup server: ${e.message}${hint}\n`);
        return 1;
      }
      throw e;
    }
  },
};
