/**
 * The shape check of a schema read from JSON (schema.json, or the copy kept in KV): every member
 * resolveSchema() and the security tables rely on, with a message that says where the problem is.
 */
import { InvalidValueError } from "./errors.ts";
import type { SchemaSpec } from "./schema.ts";
import { PROP_KINDS } from "./props/mod.ts";

/** The property kinds, as the value parsers know them. */
const KINDS: string[] = Object.keys(PROP_KINDS);
const BASES = ["Class", "FileClass", "IssueClass"];
const PROP_FLAGS = ["do_journal", "quiet", "required", "indexme", "indexed"];

function kindOf(v: unknown): string {
  return v === null
    ? "null"
    : Array.isArray(v)
    ? "a list"
    : typeof v === "object"
    ? "an object"
    : `the ${typeof v} ${JSON.stringify(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Throws: `where` is missing, or is not what it `must` be. */
function expected(where: string, must: string, v: unknown): never {
  throw new InvalidValueError(
    v === undefined
      ? `${where} is missing: it must be ${must}`
      : `${where} must be ${must}, not ${kindOf(v)}`,
  );
}

function fail(where: string, what: string): never {
  throw new InvalidValueError(`${where} ${what}`);
}

function checkString(v: unknown, where: string, optional = false): void {
  if (v === undefined && optional) return;
  if (typeof v !== "string") expected(where, `a string`, v);
}

function checkStrings(v: unknown, where: string, optional = false): void {
  if (v === undefined && optional) return;
  if (!Array.isArray(v)) expected(where, `a list of strings`, v);
  v.forEach((x, i) => checkString(x, `${where}[${i}]`));
}

function checkProperty(p: unknown, where: string): void {
  if (!isObject(p)) expected(where, `an object such as {"type": "String"}`, p);
  if (typeof p.type !== "string" || !KINDS.includes(p.type)) {
    fail(
      `${where} has the type ${JSON.stringify(p.type) ?? "(none)"}:`,
      `the types are ${KINDS.join(", ")}`,
    );
  }
  if (
    (p.type === "Link" || p.type === "Multilink") && typeof p.class !== "string"
  ) {
    fail(
      where,
      `is a ${p.type} and needs "class", the name of the class it links to`,
    );
  }
  checkString(p.class, `${where}.class`, true);
  for (const flag of PROP_FLAGS) {
    if (p[flag] !== undefined && typeof p[flag] !== "boolean") {
      expected(`${where}.${flag}`, `true or false`, p[flag]);
    }
  }
}

function checkClass(c: unknown, i: number): void {
  if (!isObject(c)) expected(`Class ${i + 1} of "classes"`, `an object`, c);
  const where = typeof c.name === "string"
    ? `Class "${c.name}"`
    : `Class ${i + 1} of "classes"`;
  checkString(c.name, `${where}: "name"`);
  if (c.base !== undefined && !BASES.includes(c.base as string)) {
    fail(
      `${where} has the base ${JSON.stringify(c.base)}:`,
      `the bases are ${BASES.join(", ")}`,
    );
  }
  for (const k of ["key", "labelprop", "orderprop"]) {
    checkString(c[k], `${where}: "${k}"`, true);
  }
  if (!isObject(c.properties)) {
    expected(
      `${where}: "properties"`,
      `an object of property name to {"type": …}`,
      c.properties,
    );
  }
  for (const [name, p] of Object.entries(c.properties)) {
    checkProperty(p, `Property "${c.name}.${name}"`);
  }
}

/** Throws InvalidValueError naming the first member of `spec` that is not a schema's shape. */
export function checkSchemaSpec(spec: unknown): asserts spec is SchemaSpec {
  if (!isObject(spec)) expected("The schema", `an object with "classes"`, spec);
  if (!Array.isArray(spec.classes)) {
    expected('The schema\'s "classes"', `a list of classes`, spec.classes);
  }
  spec.classes.forEach(checkClass);
  if (spec.roles !== undefined) {
    if (!Array.isArray(spec.roles)) {
      expected('The schema\'s "roles"', `a list`, spec.roles);
    }
    spec.roles.forEach((r, i) => {
      if (!isObject(r)) expected(`Role ${i + 1} of "roles"`, `an object`, r);
      checkString(r.name, `Role ${i + 1} of "roles": "name"`);
      checkString(r.description, `Role "${r.name}": "description"`, true);
    });
  }
  if (spec.permissions !== undefined) {
    if (!Array.isArray(spec.permissions)) {
      expected('The schema\'s "permissions"', `a list`, spec.permissions);
    }
    spec.permissions.forEach((p, i) => {
      if (!isObject(p)) {
        expected(`Permission ${i + 1} of "permissions"`, `an object`, p);
      }
      const where = `Permission ${i + 1} of "permissions"`;
      checkString(p.name, `${where}: "name"`);
      for (const k of ["klass", "check", "description"]) {
        checkString(p[k], `${where}: "${k}"`, true);
      }
      checkStrings(p.roles, `${where}: "roles"`);
      checkStrings(p.properties, `${where}: "properties"`, true);
    });
  }
  checkStrings(spec.detectors, 'The schema\'s "detectors"', true);
}
