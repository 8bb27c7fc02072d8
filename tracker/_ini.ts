/**
 * Reads ini text the way Python's configparser does for Roundup: "#" and ";"
 * start comment lines only, "=" or ":" separates name and value, indented lines
 * continue a value, option names are lower-cased, and values are raw (still
 * holding "%%" and "%(name)s" until `interpolate()`).
 */
import { InvalidValueError } from "../store/mod.ts";

/** Raw values of an ini file, in file order. */
export interface IniDocument {
  /** The [DEFAULT] section, whose options every other section also sees. */
  defaults: Map<string, string>;
  sections: Map<string, Map<string, string>>;
}

const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;
const MAX_DEPTH = 10;

/**
 * Parses ini text into raw values; throws InvalidValueError naming the first bad line (and `file`,
 * the path the text came from, when given).
 */
export function readIni(text: string, file?: string): IniDocument {
  const where = file === undefined ? "configuration" : `"${file}"`;
  function fail(lineNo: number, detail: string): never {
    throw new InvalidValueError(
      `Cannot parse ${where} at line ${lineNo}: ${detail}`,
    );
  }
  const doc: IniDocument = { defaults: new Map(), sections: new Map() };
  const pending = new Map<Map<string, string>, Map<string, string[]>>();
  let section: Map<string, string[]> | undefined;
  let sectionName = "";
  let option: string | undefined;
  let indent = 0;
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const lineNo = i + 1;
    const value = line.trim();
    if (value === "" || value.startsWith("#") || value.startsWith(";")) {
      // A blank line may sit inside a multi-line value; comments never do.
      if (value === "" && section && option) section.get(option)!.push("");
      return;
    }
    const lineIndent = line.search(/\S/);
    if (section && option && lineIndent > indent) {
      section.get(option)!.push(value);
      return;
    }
    indent = lineIndent;
    const header = SECTION.exec(value);
    if (header) {
      sectionName = header[1]!;
      option = undefined;
      if (sectionName !== "DEFAULT" && doc.sections.has(sectionName)) {
        fail(lineNo, `section [${sectionName}] appears twice`);
      }
      const target = sectionName === "DEFAULT"
        ? doc.defaults
        : new Map<string, string>();
      if (sectionName !== "DEFAULT") doc.sections.set(sectionName, target);
      section = pending.get(target) ?? new Map();
      pending.set(target, section);
      return;
    }
    if (!section) fail(lineNo, `expected a [section] header before "${value}"`);
    const m = OPTION.exec(value);
    if (!m || m[1] === "") {
      fail(lineNo, `expected "name = value", got "${value}"`);
    }
    option = m[1]!.toLowerCase();
    if (section.has(option)) {
      fail(lineNo, `option "${option}" appears twice in [${sectionName}]`);
    }
    section.set(option, [m[3]!]);
  });
  for (const [target, lines] of pending) {
    for (const [name, parts] of lines) {
      target.set(name, parts.join("\n").trimEnd());
    }
  }
  return doc;
}

/**
 * Looks up a raw value, falling back to [DEFAULT] for sections the file has.
 * Returns undefined when the file does not set it.
 */
export function rawValue(
  doc: IniDocument,
  section: string,
  name: string,
): string | undefined {
  const own = doc.sections.get(section);
  if (!own) return undefined;
  return own.get(name) ?? doc.defaults.get(name);
}

/**
 * Expands "%%" to "%" and "%(name)s" to another option of the same section (or
 * of [DEFAULT], or `home`), as configparser's basic interpolation does.
 */
export function interpolate(
  doc: IniDocument,
  where: { section: string; name: string; home?: string },
  raw: string,
  depth = 1,
): string {
  if (depth > MAX_DEPTH) {
    throw new InvalidValueError(
      `Cannot read option [${where.section}] ${where.name}: references nest more than ${MAX_DEPTH} deep`,
    );
  }
  let out = "";
  let rest = raw;
  for (let p = rest.indexOf("%"); p >= 0; p = rest.indexOf("%")) {
    out += rest.slice(0, p);
    rest = rest.slice(p);
    if (rest.startsWith("%%")) {
      out += "%";
      rest = rest.slice(2);
      continue;
    }
    const ref = /^%\(([^)]+)\)s/.exec(rest);
    if (!ref) {
      throw new InvalidValueError(
        `Cannot read option [${where.section}] ${where.name}: "%" must be followed by "%" or "(name)s" in "${raw}"`,
      );
    }
    const key = ref[1]!.toLowerCase();
    const value = rawValue(doc, where.section, key) ??
      (key === "home" ? where.home : undefined);
    if (value === undefined) {
      throw new InvalidValueError(
        `Cannot read option [${where.section}] ${where.name}: it refers to "%(${
          ref[1]
        })s", which is not set`,
      );
    }
    out += value.includes("%")
      ? interpolate(doc, where, value, depth + 1)
      : value;
    rest = rest.slice(ref[0].length);
  }
  return out + rest;
}
