import { InvalidValueError } from "../store/mod.ts";
import {
  CONFIG_SECTIONS,
  type ConfigOption,
  type ConfigSection,
  DETECTOR_SECTIONS,
  flattenSections,
} from "./_config_options.ts";
import { escapeValue, renderIni } from "./_config_render.ts";
import { checkValue, parseBoolean, parseInteger } from "./_config_value.ts";
import { type IniDocument, interpolate, rawValue, readIni } from "./_ini.ts";

export type { ConfigOption, OptionKind } from "./_config_options.ts";

/** Every option of a tracker's config.ini, in file order (Roundup 2.x, less [rdbms] and [sessiondb]). */
export const CONFIG_OPTIONS: readonly ConfigOption[] = flattenSections(
  CONFIG_SECTIONS,
);

/** The options of detectors/config.ini that the classic template's detectors read. */
export const DETECTOR_OPTIONS: readonly ConfigOption[] = flattenSections(
  DETECTOR_SECTIONS,
);

/** A parsed ini file with defaults from its option table. */
export interface TrackerConfig {
  /** The option's value, with "%%" and "%(name)s" expanded and its kind checked. */
  get(section: string, name: string): string;
  getBool(section: string, name: string): boolean;
  getInt(section: string, name: string): number;
  /** Sets a value as `get()` would return it; known options are checked first. */
  set(section: string, name: string, value: string): void;
  /** True when `get()` can give a value: the file sets it or the option has a default. */
  has(section: string, name: string): boolean;
  /** The whole file in Roundup's commented layout, unknown options included. */
  toIni(): string;
}

/** Options for `parseConfigIni()`. */
export interface ParseOptions {
  /** The tracker home, which "%(HOME)s" in a value expands to. */
  home?: string;
  /** The path the text was read from, named in parse errors. */
  file?: string;
}

interface Layout {
  sections: readonly ConfigSection[];
  options: ReadonlyMap<string, ConfigOption>;
  withHeader: boolean;
}

function layout(
  sections: readonly ConfigSection[],
  withHeader: boolean,
): Layout {
  const options = new Map(
    flattenSections(sections).map((o) => [`${o.section}.${o.name}`, o]),
  );
  return { sections, options, withHeader };
}

const TRACKER_LAYOUT = layout(CONFIG_SECTIONS, true);
const DETECTORS_LAYOUT = layout(DETECTOR_SECTIONS, false);

// Roundup's install key=val names: SECTION_OPTION (bare OPTION in [main]) and old aliases.
const KEY_INDEX = new Map<string, ConfigOption>();
for (const option of CONFIG_OPTIONS) {
  const name = option.section === "main"
    ? option.name
    : `${option.section}_${option.name}`;
  for (const key of [name, ...(option.aliases ?? [])]) {
    KEY_INDEX.set(key.toUpperCase(), option);
  }
}

/**
 * Finds the option a key names: "web.debug", or Roundup's install style
 * "tracker_web", "MAIL_DOMAIN", "timezone" (in [main]) and old aliases such as
 * "MAILHOST". Throws InvalidValueError for an unknown option.
 */
export function resolveOptionKey(
  key: string,
): { section: string; name: string } {
  const dot = key.indexOf(".");
  const option = dot > 0
    ? TRACKER_LAYOUT.options.get(key.toLowerCase())
    : KEY_INDEX.get(key.toUpperCase());
  if (option) return { section: option.section, name: option.name };
  if (/^(rdbms|sessiondb)[._]/i.test(key)) {
    throw new InvalidValueError(
      `Unknown configuration option "${key}": the [rdbms] and [sessiondb] sections do not apply to Deno KV`,
    );
  }
  throw new InvalidValueError(
    `Unknown configuration option "${key}": expected a name such as "tracker_web", "mail_domain" or "web.debug"`,
  );
}

/**
 * A config value, or `fallback` when it is empty, unset, unknown or unreadable (an option
 * get() refuses with InvalidValueError); any other failure is a bug and goes up.
 */
export function configValue(
  config: Pick<TrackerConfig, "get">,
  section: string,
  name: string,
  fallback = "",
): string {
  try {
    return config.get(section, name) || fallback;
  } catch (e) {
    if (!(e instanceof InvalidValueError)) throw e;
    return fallback;
  }
}

/** Parses a tracker's config.ini; throws InvalidValueError naming the first malformed line. */
export function parseConfigIni(
  text: string,
  opts: ParseOptions = {},
): TrackerConfig {
  return new IniConfig(readIni(text, opts.file), TRACKER_LAYOUT, opts.home);
}

/**
 * Parses a tracker's detectors/config.ini with the same reader as config.ini (Python
 * configparser's dialect, as Roundup reads both), with the classic detectors' defaults.
 */
export function parseDetectorsConfigIni(
  text: string,
  opts: ParseOptions = {},
): TrackerConfig {
  return new IniConfig(readIni(text, opts.file), DETECTORS_LAYOUT, opts.home);
}

/**
 * Reads any ini file in config.ini's dialect (Python configparser's, "%%" and "%(name)s"
 * expanded, [DEFAULT] seen by every section): section → option → value. Throws
 * InvalidValueError naming the first malformed line.
 * @example readIniSections("[trackers]\nsupport = /srv/s\n").trackers.support // "/srv/s"
 */
export function readIniSections(
  text: string,
  file?: string,
): Record<string, Record<string, string>> {
  const doc = readIni(text, file);
  const out: Record<string, Record<string, string>> = {};
  for (const [section, options] of doc.sections) {
    const values: Record<string, string> = {};
    for (const name of new Set([...doc.defaults.keys(), ...options.keys()])) {
      values[name] = interpolate(
        doc,
        { section, name },
        rawValue(doc, section, name)!,
      );
    }
    out[section] = values;
  }
  return out;
}

/** A value as an ini file in that dialect must hold it ("%" doubled). */
export const escapeIniValue: (value: string) => string = escapeValue;

/**
 * Writes a new config.ini with every option, its help and its default, like
 * `roundup-admin install`. Values are keyed as `resolveOptionKey()` accepts and
 * given as `get()` returns them; a random [web] secret_key is made unless given.
 */
export function renderConfigIni(values: Record<string, string> = {}): string {
  const config = parseConfigIni("");
  for (const [key, value] of Object.entries(values)) {
    const { section, name } = resolveOptionKey(key);
    config.set(section, name, value);
  }
  return config.toIni();
}

/** Writes a new detectors/config.ini holding the classic detectors' options. */
export function renderDetectorsConfigIni(): string {
  return parseDetectorsConfigIni("").toIni();
}

function randomToken(): string {
  return btoa(
    String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))),
  );
}

class IniConfig implements TrackerConfig {
  #doc: IniDocument;
  #layout: Layout;
  #home: string | undefined;
  // Like Roundup, an unset secret gets a random value that lasts as long as this config.
  #token = randomToken();

  constructor(doc: IniDocument, layout: Layout, home?: string) {
    this.#doc = doc;
    this.#layout = layout;
    this.#home = home;
  }

  get(section: string, name: string): string {
    const key = name.toLowerCase();
    const option = this.#option(section, key);
    const raw = rawValue(this.#doc, section, key);
    if (raw === undefined && !option) {
      throw new InvalidValueError(
        `Cannot read option [${section}] ${key}: it is unknown and not set`,
      );
    }
    if (raw === undefined && option?.required) {
      throw new InvalidValueError(
        `Cannot read option [${section}] ${key}: it has no default, so it must be set`,
      );
    }
    const value = raw === undefined
      ? this.#default(option!)
      : interpolate(this.#doc, { section, name: key, home: this.#home }, raw);
    if (!option) return value;
    if (option.kind === "email" && !value.includes("@")) {
      return `${value}@${this.get("mail", "domain")}`;
    }
    return checkValue(option, value);
  }

  getBool(section: string, name: string): boolean {
    return parseBoolean(this.get(section, name), { section, name });
  }

  getInt(section: string, name: string): number {
    const kind = this.#option(section, name.toLowerCase())?.kind;
    return parseInteger(this.get(section, name), { section, name, kind });
  }

  set(section: string, name: string, value: string): void {
    const key = name.toLowerCase();
    const option = this.#option(section, key);
    if (option) checkValue(option, value);
    let values = section === "DEFAULT"
      ? this.#doc.defaults
      : this.#doc.sections.get(section);
    if (!values) this.#doc.sections.set(section, values = new Map());
    values.set(key, escapeValue(value));
  }

  has(section: string, name: string): boolean {
    const key = name.toLowerCase();
    const option = this.#option(section, key);
    return rawValue(this.#doc, section, key) !== undefined ||
      (!!option && !option.required);
  }

  toIni(): string {
    return renderIni({
      doc: this.#doc,
      sections: this.#layout.sections,
      header: this.#layout.withHeader ? this.#header() : [],
      fallback: (option) => this.#fallback(option),
    });
  }

  #option(section: string, key: string): ConfigOption | undefined {
    return this.#layout.options.get(`${section}.${key}`);
  }

  #default(option: ConfigOption): string {
    return option.kind === "token" ? this.#token : option.default;
  }

  #fallback(option: ConfigOption): string | undefined {
    return option.required ? undefined : escapeValue(this.#default(option));
  }

  #header(): string[] {
    const lines = [`${this.get("tracker", "name")} configuration file`];
    const missing = this.#layout.sections.flatMap((s) => {
      const names = s.options.filter((o) =>
        o.required && !this.has(s.name, o.name)
      )
        .map((o) => o.name)
        // Like Roundup, the SMTP password is only needed along with a user name.
        .filter((n) =>
          s.name !== "mail" || n !== "password" || this.get("mail", "username")
        );
      return names.length ? [` [${s.name}] ${names.join(", ")}`] : [];
    });
    if (missing.length) {
      lines.push(
        "",
        "These options have no default and must be set:",
        ...missing,
      );
    }
    return lines;
  }
}
