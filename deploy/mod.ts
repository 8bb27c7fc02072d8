/**
 * @module
 * The tracker as Deno Deploy runs it: hosted KV from `Deno.openKv()` (no path), config.ini text
 * and secrets from environment variables, the schema from KV (written there by `roundup admin
 * initialise` through ROUNDUP_KV_URL), the web app and REST for `Deno.serve`, and a mail poll for
 * `Deno.cron` that runs the same gateway code as `roundup mailgw`. Nothing is written to disk.
 */
import { createApp } from "../server/mod.ts";
import {
  NotFoundError,
  openDb,
  resolveSchema,
  type SchemaSpec,
} from "../store/mod.ts";
import { parseConfigIni } from "../tracker/config.ts";
import { type Tracker, trackerOn } from "../tracker/home.ts";
import { createMailer } from "../tracker/mailer.ts";
import {
  deliverBatch,
  parseSourceArgs,
  runSourceBatched,
} from "../mailgw/mod.ts";

/** Environment variables the Deploy entry reads (values are secrets or whole files). */
export const DEPLOY_ENV = {
  /** The whole text of config.ini. */
  config: "ROUNDUP_CONFIG_INI",
  /** Text of detectors/config.ini (optional). */
  detectors: "ROUNDUP_DETECTORS_INI",
  /** [web] secret_key: ETags, sessions and tokens must agree across isolates. */
  secret: "ROUNDUP_SECRET_KEY",
  /** [mail] password for the SMTP server of nosy mail. */
  smtpPassword: "ROUNDUP_SMTP_PASSWORD",
  /** The mail source as `roundup mailgw` takes it: "imaps user:password@host INBOX". */
  mailgw: "ROUNDUP_MAILGW",
  /** Cron schedule of the mail poll (default every five minutes). */
  schedule: "ROUNDUP_MAILGW_SCHEDULE",
} as const;

/** A running Deploy tracker. */
export interface DeployedTracker {
  tracker: Tracker;
  /** The request handler for Deno.serve. */
  fetch: (req: Request) => Response | Promise<Response>;
  /** Fetches and delivers new mail once; null when ROUNDUP_MAILGW is not set. */
  pollMail: (() => Promise<{ handled: number; failed: number }>) | null;
  schedule: string;
  close(): void;
}

/** The base path of the tracker's URL ("/demo" for https://host/demo/). */
function basePath(web: string): string {
  try {
    return new URL(web).pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

/** Opens the tracker from `env` on `kv` (Deno.openKv() on Deploy). */
export async function startDeploy(
  kv: Deno.Kv,
  env: Record<string, string | undefined>,
  opts: { log?: (line: string) => void } = {},
): Promise<DeployedTracker> {
  const text = env[DEPLOY_ENV.config];
  if (!text) {
    throw new NotFoundError(
      `Cannot start: set ${DEPLOY_ENV.config} to the text of the tracker's config.ini`,
    );
  }
  const config = parseConfigIni(text);
  const secret = env[DEPLOY_ENV.secret];
  if (secret) config.set("web", "secret_key", secret);
  const smtpPassword = env[DEPLOY_ENV.smtpPassword];
  if (smtpPassword) config.set("mail", "password", smtpPassword);
  const bare = openDb(kv, resolveSchema({ classes: [] }));
  const spec = await bare.getMeta<SchemaSpec>("schema");
  if (!spec) {
    throw new NotFoundError(
      "Cannot start: the KV database holds no tracker; run " +
        '"ROUNDUP_KV_URL=<database URL> roundup admin -i HOME initialise" first',
    );
  }
  const tracker = trackerOn(kv, {
    home: "",
    config,
    spec,
    detectorsIni: env[DEPLOY_ENV.detectors] ?? "",
  });
  const app = createApp(tracker, {
    base: basePath(config.get("tracker", "web")),
    tls: config.get("tracker", "web").startsWith("https:"),
    log: opts.log,
  });
  const source = env[DEPLOY_ENV.mailgw]?.trim();
  let pollMail: DeployedTracker["pollMail"] = null;
  if (source) {
    const [method, ...rest] = source.split(/\s+/);
    const spec = parseSourceArgs(method!, rest);
    const mailer = createMailer(config, {}, { home: "", log: opts.log });
    pollMail = async () =>
      await runSourceBatched(spec, async (mails) => {
        const outcomes = await deliverBatch(tracker, mailer, mails, {});
        for (const o of outcomes) if (!o.ok) opts.log?.(o.line);
        return outcomes.map((o) => o.ok);
      }, { batchSize: 10 });
  }
  return {
    tracker,
    fetch: (req) => app.fetch(req),
    pollMail,
    schedule: env[DEPLOY_ENV.schedule] || "*/5 * * * *",
    close: () => tracker.close(),
  };
}
