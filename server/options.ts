/**
 * `roundup server` options as roundup-server takes them: short flags, `--name=value` for any
 * [main] option of the server's ini file, `name=HOME` trackers, and the `-C` ini file itself
 * ([main] options and a [trackers] section), which `-S` writes.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../cli.ts";
import { escapeIniValue, readIniSections } from "../tracker/config.ts";

/** The server's settings after the ini file and the command line are merged. */
export interface ServerOptions {
  host: string;
  port: number;
  pidfile: string;
  logfile: string;
  nodaemon: boolean;
  ssl: boolean;
  pem: string;
  /** Headers that may name the user (REMOTE_USER from a fronting server). */
  includeHeaders: string[];
  /** Log the client address from X-Forwarded-For (the proxy's address otherwise). */
  logProxyHeader: boolean;
  /** -t: fork, thread, none or debug (fork and thread serve from several threads). */
  multiprocess: string;
  /** -m: at most this many serving threads. */
  maxChildren: number;
  /** name → tracker home, in order. */
  trackers: Array<[string, string]>;
  /** -C file, when given. */
  configFile: string;
  saveConfig: boolean;
  help: boolean;
  version: boolean;
}

/** The [main] options of the server ini, with roundup-server's defaults. */
export const MAIN_DEFAULTS: Record<string, string> = {
  host: "localhost",
  port: "8080",
  favicon: "favicon.ico",
  user: "",
  group: "",
  max_children: "40",
  nodaemon: "no",
  log_hostnames: "no",
  loghttpvialogger: "no",
  log_proxy_header: "no",
  pidfile: "",
  logfile: "",
  multiprocess: "fork",
  template: "",
  ssl: "no",
  pem: "",
  include_headers: "",
  http_version: "HTTP/1.1",
};

const SHORT = {
  p: "port",
  n: "host",
  l: "logfile",
  d: "pidfile",
  e: "pem",
  I: "include_headers",
  // -t fork/thread serve from one thread per CPU (at most -m); -V and -i are accepted only.
  t: "multiprocess",
  m: "max_children",
  V: "http_version",
  i: "template",
} as const;

/** roundup-server's -t modes; "fork" and "thread" both mean several threads here. */
export const MULTIPROCESS_MODES = ["fork", "thread", "none", "debug"];

/** How many threads serve: one per CPU for fork and thread, at most -m; one otherwise. */
export function servingThreads(
  o: Pick<ServerOptions, "multiprocess" | "maxChildren">,
  cpus: number = navigator.hardwareConcurrency,
): number {
  if (o.multiprocess !== "fork" && o.multiprocess !== "thread") return 1;
  return Math.max(1, Math.min(cpus || 1, o.maxChildren));
}

function bool(v: string | undefined): boolean {
  return /^(yes|true|on|1)$/i.test((v ?? "").trim());
}

/** Reads the command line (and the -C file it names); UsageError for anything wrong. */
export async function parseServerArgs(args: string[]): Promise<ServerOptions> {
  const options: Record<
    string,
    { type: "string" | "boolean"; short?: string }
  > = {
    config: { type: "string", short: "C" },
    "save-config": { type: "boolean", short: "S" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "v" },
    ssl: { type: "boolean", short: "s" },
    foreground: { type: "boolean", short: "D" },
    "log-proxy": { type: "boolean", short: "P" },
    // Accepted and ignored: client names (-N) and logging through python's logger (-L).
    "log-hostnames": { type: "boolean", short: "N" },
    "log-via-logger": { type: "boolean", short: "L" },
  };
  for (const [s, long] of Object.entries(SHORT)) {
    options[`_${long}`] = { type: "string", short: s };
  }
  for (const name of Object.keys(MAIN_DEFAULTS)) {
    options[name] ??= { type: "string" };
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify.*$/s, ""));
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const main: Record<string, string> = { ...MAIN_DEFAULTS };
  const trackers: Array<[string, string]> = [];
  const configFile = typeof v.config === "string" ? v.config : "";
  if (configFile) {
    let text = "";
    try {
      text = await Deno.readTextFile(configFile);
    } catch (e) {
      // -S creates the file.
      if (!(v["save-config"] && e instanceof Deno.errors.NotFound)) {
        throw new UsageError(
          `Cannot read the configuration file "${configFile}": ${
            (e as Error).message
          }`,
        );
      }
    }
    let ini: Record<string, Record<string, string>>;
    try {
      ini = readIniSections(text, configFile);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    Object.assign(main, ini.main ?? {});
    for (const [name, home] of Object.entries(ini.trackers ?? {})) {
      trackers.push([name, String(home)]);
    }
  }
  for (const name of Object.keys(MAIN_DEFAULTS)) {
    if (typeof v[name] === "string") main[name] = v[name] as string;
  }
  for (const long of Object.values(SHORT)) {
    if (typeof v[`_${long}`] === "string") main[long] = v[`_${long}`] as string;
  }
  if (v.ssl) main.ssl = "yes";
  if (v["log-proxy"]) main.log_proxy_header = "yes";
  if (v.foreground) main.nodaemon = "yes";
  for (const pos of parsed.positionals) {
    const eq = pos.indexOf("=");
    if (eq <= 0) {
      throw new UsageError(
        `Argument "${pos}" is not of the form name=tracker_home`,
      );
    }
    const name = pos.slice(0, eq);
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      throw new UsageError(
        `Cannot use tracker name "${name}": use letters, digits, "_", "-" and "." only, it becomes part of the URL`,
      );
    }
    const i = trackers.findIndex(([n]) => n === name);
    if (i >= 0) trackers.splice(i, 1);
    trackers.push([name, pos.slice(eq + 1)]);
  }
  const port = Number(main.port);
  if (!/^\d+$/.test(String(main.port).trim()) || port < 0 || port > 65535) {
    throw new UsageError(
      `Cannot use port "${main.port}": give a number from 0 to 65535`,
    );
  }
  if (main.user || main.group) {
    throw new UsageError(
      "Cannot switch user or group (-u/-g): run roundup server as the user it should run as",
    );
  }
  const multiprocess = (main.multiprocess ?? "fork").trim();
  if (!MULTIPROCESS_MODES.includes(multiprocess)) {
    throw new UsageError(
      `Cannot use multiprocess mode "${multiprocess}" (-t): give ${
        MULTIPROCESS_MODES.join(", ")
      }`,
    );
  }
  const maxChildren = Number(main.max_children);
  if (!/^\d+$/.test(String(main.max_children).trim()) || maxChildren < 1) {
    throw new UsageError(
      `Cannot use max_children "${main.max_children}" (-m): give a whole number of at least 1`,
    );
  }
  const opts: ServerOptions = {
    host: main.host || "localhost",
    port,
    pidfile: main.pidfile ?? "",
    logfile: main.logfile ?? "",
    nodaemon: bool(main.nodaemon),
    ssl: bool(main.ssl),
    pem: main.pem ?? "",
    includeHeaders: (main.include_headers ?? "").split(",").map((s) => s.trim())
      .filter(Boolean),
    logProxyHeader: bool(main.log_proxy_header),
    multiprocess,
    maxChildren,
    trackers,
    configFile,
    saveConfig: v["save-config"] === true,
    help: v.help === true,
    version: v.version === true,
  };
  if (opts.pidfile && !opts.logfile && !opts.nodaemon) {
    throw new UsageError(
      "Cannot run in the background (-d) without a log file: give -l FILE too",
    );
  }
  return opts;
}

/** The ini text `-S` writes: [main] with the current values, [trackers] name = home. */
export function renderServerIni(o: ServerOptions): string {
  const main: Record<string, string> = {
    ...MAIN_DEFAULTS,
    host: o.host,
    port: String(o.port),
    pidfile: o.pidfile,
    logfile: o.logfile,
    nodaemon: o.nodaemon ? "yes" : "no",
    ssl: o.ssl ? "yes" : "no",
    pem: o.pem,
    include_headers: o.includeHeaders.join(","),
    log_proxy_header: o.logProxyHeader ? "yes" : "no",
    multiprocess: o.multiprocess,
    max_children: String(o.maxChildren),
  };
  const lines = [
    "# roundup server configuration (written by roundup server -S)",
    "[main]",
    ...Object.entries(main).map(([k, v]) => `${k} = ${escapeIniValue(v)}`),
    "",
    "[trackers]",
    ...o.trackers.map(([n, h]) => `${n} = ${escapeIniValue(h)}`),
    "",
  ];
  return lines.join("\n");
}
