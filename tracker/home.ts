/** Tracker homes: install a template into a directory, open it, initialise its database. */
import { join, resolve } from "node:path";
import {
  type Db,
  InvalidValueError,
  NotFoundError,
  openDb,
  resolveSchema,
  type Schema,
  type SchemaSpec,
} from "../store/mod.ts";
import { Security } from "../store/security.ts";
import {
  parseConfigIni,
  parseDetectorsConfigIni,
  renderConfigIni,
  renderDetectorsConfigIni,
  type TrackerConfig,
} from "./config.ts";
import { installDetectors, TEMPLATES } from "../templates/mod.ts";
import { type InitialItem, loadInitialData } from "./initial_data.ts";
import { trackerNosySender } from "./nosy_mail.ts";
import { keepQueriesForTheirUsers } from "./query_copies.ts";
import { endSessionsOnPasswordChange } from "./password_sessions.ts";
import { readSchemaFile } from "./schema_file.ts";
import { checkConfigValues } from "./config_check.ts";

/** An open tracker: its home, configuration, schema, database and security. */
export interface Tracker {
  home: string;
  config: TrackerConfig;
  schema: Schema;
  db: Db;
  security: Security;
  close(): void;
}

export interface OpenOptions {
  /** User id written as actor. */
  actor?: string;
  now?: () => number;
  /** false: detectors run but send no nosy mail (bulk loads, benchmarks). */
  sendMail?: boolean;
}

export const SCHEMA_FILE = "schema.json";
export const INITIAL_DATA_FILE = "initial_data.json";
/** The only backend: Deno KV (a file under the tracker's database directory, or hosted KV). */
export const BACKENDS = ["kv"] as const;

/** Where the KV database of a tracker lives: [main] database relative to the home, or a URL. */
export function kvLocation(home: string, config: TrackerConfig): string {
  const url = Deno.env.get("ROUNDUP_KV_URL");
  if (url) return url;
  const dir = config.get("main", "database") || "db";
  return join(resolve(home, dir), "data.kv");
}

/** Opens the tracker's KV database; a path that cannot be opened is the config's fault. */
async function openKvOf(home: string, config: TrackerConfig): Promise<Deno.Kv> {
  const where = kvLocation(home, config);
  try {
    return await Deno.openKv(where);
  } catch (e) {
    const from = Deno.env.get("ROUNDUP_KV_URL")
      ? "ROUNDUP_KV_URL"
      : `[main] database in "${join(home, "config.ini")}"`;
    throw new InvalidValueError(
      `Cannot open the database "${where}" (from ${from}): ${
        (e as Error).message
      }`,
      { cause: e },
    );
  }
}

/** True when `home` holds a tracker (config.ini present). */
export async function isTrackerHome(home: string): Promise<boolean> {
  try {
    return (await Deno.stat(join(home, "config.ini"))).isFile;
  } catch {
    return false;
  }
}

/** Creates a tracker home from a template; refuses to overwrite an existing tracker. */
export async function installTracker(
  home: string,
  opts: {
    template?: string;
    backend?: string;
    settings?: Record<string, string>;
  } = {},
): Promise<void> {
  const template = TEMPLATES[opts.template ?? "classic"];
  if (!template) {
    throw new InvalidValueError(
      `Cannot install template "${opts.template}": choose one of ${
        Object.keys(TEMPLATES).join(", ")
      }`,
    );
  }
  const backend = opts.backend ?? "kv";
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new InvalidValueError(
      `Cannot use backend "${backend}": this Roundup stores trackers in Deno KV, use "kv"`,
    );
  }
  if (await isTrackerHome(home)) {
    throw new InvalidValueError(
      `Cannot install into "${home}": a tracker is already there`,
    );
  }
  await Deno.mkdir(join(home, "detectors"), { recursive: true });
  await Deno.mkdir(join(home, "db"), { recursive: true });
  await Deno.writeTextFile(
    join(home, "config.ini"),
    renderConfigIni(opts.settings ?? {}),
  );
  await Deno.writeTextFile(
    join(home, "detectors", "config.ini"),
    renderDetectorsConfigIni(),
  );
  await Deno.writeTextFile(
    join(home, SCHEMA_FILE),
    JSON.stringify(template.schema, null, 2) + "\n",
  );
  await Deno.writeTextFile(
    join(home, INITIAL_DATA_FILE),
    JSON.stringify(template.initialData, null, 2) + "\n",
  );
  await Deno.writeTextFile(join(home, "db", "backend_name"), backend + "\n");
  await Deno.writeTextFile(
    join(home, "TEMPLATE-INFO.txt"),
    `Name: ${template.name}\n${template.description}\n`,
  );
}

/** Opens the tracker at `home` (config.ini, schema.json, KV database) with its detectors enabled. */
export async function openTracker(
  home: string,
  opts: OpenOptions = {},
): Promise<Tracker> {
  if (!(await isTrackerHome(home))) {
    throw new NotFoundError(
      `No tracker at "${home}": install one with "roundup admin -i ${home} install"`,
    );
  }
  const configFile = join(home, "config.ini");
  const config = parseConfigIni(await Deno.readTextFile(configFile), {
    file: configFile,
  });
  checkConfigValues(config, configFile);
  const spec = await readSchemaFile(join(home, SCHEMA_FILE));
  const detectorsIni = await Deno.readTextFile(
    join(home, "detectors", "config.ini"),
  ).catch(() => "");
  const kv = await openKvOf(home, config);
  const t = trackerOn(kv, { home, config, spec, detectorsIni, ...opts });
  // A database written by a newer program is refused before anything reads it.
  await t.db.checkFormat().catch((e) => {
    t.close();
    throw e;
  });
  return t;
}

/** Builds a tracker on an open KV handle (also used on Deno Deploy, where nothing is on disk). */
export function trackerOn(
  kv: Deno.Kv,
  o: OpenOptions & {
    home: string;
    config: TrackerConfig;
    spec: SchemaSpec;
    detectorsIni?: string;
  },
): Tracker {
  const schema = resolveSchema(o.spec);
  const maxContentSize = Number(
    o.config.get("main", "max_file_size") || 50 * 1024 * 1024,
  );
  const db = openDb(kv, schema, { actor: o.actor, now: o.now, maxContentSize });
  const security = new Security(o.spec);
  // Built-in account rules: every writer keeps them, whatever detectors the schema enables.
  keepQueriesForTheirUsers(db);
  endSessionsOnPasswordChange(db);
  installDetectors(db, o.spec.detectors ?? [], {
    config: o.config,
    detectors: parseDetectorsConfigIni(o.detectorsIni ?? "", {
      file: join(o.home, "detectors", "config.ini"),
    }),
    sendNosy: o.sendMail === false ? undefined : trackerNosySender(o.config, {
      home: o.home,
      now: o.now,
      security,
    }),
  });
  return {
    home: o.home,
    config: o.config,
    schema,
    db,
    security,
    close: () => db.close(),
  };
}

/** True once initialise has loaded the initial data. */
export async function isInitialised(t: Tracker): Promise<boolean> {
  return (await t.db.getMeta<boolean>("initialised")) === true;
}

/** Wipes the database and loads the template's initial data with the admin password. */
export async function initialiseTracker(
  t: Tracker,
  adminPassword: string,
): Promise<void> {
  const missing = [["tracker", "web"], ["mail", "domain"], ["mail", "host"]]
    .filter(([s, o]) =>
      !t.config.has(s!, o!) || t.config.get(s!, o!).trim() === ""
    );
  if (missing.length) {
    throw new InvalidValueError(
      `Cannot initialise: set ${
        missing.map(([s, o]) => `[${s}] ${o}`).join(", ")
      } in ${join(t.home, "config.ini")} first`,
    );
  }
  const items = JSON.parse(
    await Deno.readTextFile(join(t.home, INITIAL_DATA_FILE)),
  ) as InitialItem[];
  await t.db.wipe();
  // Like Roundup: the admin user gets [main] admin_email (the domain is added when missing).
  const adminEmail = t.config.get("main", "admin_email");
  await loadInitialData(t.db, items, {
    adminpw: adminPassword,
    admin_email: adminEmail,
  });
  await t.db.setMeta("schema", t.schema.spec);
  await t.db.setMeta("initialised", true);
}
