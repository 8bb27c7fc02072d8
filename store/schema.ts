/**
 * Tracker schemas: a JSON-able description (SchemaSpec) of classes, properties, roles and
 * permissions, resolved into ClassDef objects with Roundup's automatic properties added.
 */
import { InvalidValueError } from "./errors.ts";
import { checkSchemaSpec } from "./schema_check.ts";

export type PropKind =
  | "String"
  | "Number"
  | "Integer"
  | "Boolean"
  | "Date"
  | "Interval"
  | "Password"
  | "Link"
  | "Multilink";

export type ClassBase = "Class" | "FileClass" | "IssueClass";

/** One property as written in a schema. */
export interface PropSpec {
  type: PropKind;
  /** Target class of a Link or Multilink. */
  class?: string;
  /** Link/Multilink: write link/unlink entries to the target's journal (default true). */
  do_journal?: boolean;
  /** Leave changes of this property out of history and change notes. */
  quiet?: boolean;
  required?: boolean;
  /** String: add the text to the full-text index. */
  indexme?: boolean;
  /** String: keep a case-insensitive exact-match index (fast `exact` filters, e.g. msg.messageid). */
  indexed?: boolean;
}

/** One class as written in a schema. */
export interface ClassSpec {
  name: string;
  base?: ClassBase;
  key?: string;
  labelprop?: string;
  orderprop?: string;
  properties: Record<string, PropSpec>;
}

/** A permission granted to roles; check names a built-in check function. */
export interface PermissionSpec {
  name: string;
  klass?: string;
  properties?: string[];
  check?: string;
  description?: string;
  roles: string[];
}

export interface RoleSpec {
  name: string;
  description: string;
}

/** The whole schema of a tracker (stored as schema.json in the tracker home). */
export interface SchemaSpec {
  classes: ClassSpec[];
  roles?: RoleSpec[];
  permissions?: PermissionSpec[];
  /** Names of built-in detectors to enable. */
  detectors?: string[];
}

/** A resolved property. */
export interface PropDef extends PropSpec {
  name: string;
  /** Created by the store itself (creation, activity, creator, actor, id). */
  automatic: boolean;
}

/** A resolved class with its full property table. */
export interface ClassDef {
  name: string;
  base: ClassBase;
  key?: string;
  props: Map<string, PropDef>;
  labelprop: string;
  orderprop: string;
}

export interface Schema {
  spec: SchemaSpec;
  classes: Map<string, ClassDef>;
}

const AUTOMATIC: Record<string, PropSpec> = {
  creation: { type: "Date" },
  activity: { type: "Date" },
  creator: { type: "Link", class: "user", do_journal: false },
  actor: { type: "Link", class: "user", do_journal: false },
};

const FILE_PROPS: Record<string, PropSpec> = {
  content: { type: "String", indexme: true },
  type: { type: "String" },
};

const ISSUE_PROPS: Record<string, PropSpec> = {
  title: { type: "String", indexme: true, indexed: true },
  messages: { type: "Multilink", class: "msg" },
  files: { type: "Multilink", class: "file" },
  // Roundup's IssueClass keeps nosy changes out of the users' journals.
  nosy: { type: "Multilink", class: "user", do_journal: false },
  superseder: { type: "Multilink", class: "issue" },
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Resolves a SchemaSpec, adding automatic properties; throws InvalidValueError on a broken schema. */
export function resolveSchema(spec: SchemaSpec): Schema {
  checkSchemaSpec(spec);
  const classes = new Map<string, ClassDef>();
  for (const c of spec.classes) {
    if (!NAME.test(c.name) || /\d$/.test(c.name)) {
      throw new InvalidValueError(
        `Cannot use class name "${c.name}": it must be letters, digits and _ and not end in a digit`,
      );
    }
    if (classes.has(c.name)) {
      throw new InvalidValueError(`Class "${c.name}" is defined twice`);
    }
    const base = c.base ?? "Class";
    const own = {
      ...(base === "FileClass" ? FILE_PROPS : {}),
      ...(base === "IssueClass" ? ISSUE_PROPS : {}),
      ...c.properties,
    };
    const props = new Map<string, PropDef>();
    for (const [name, p] of Object.entries(own)) {
      if (!NAME.test(name)) {
        throw new InvalidValueError(
          `Class "${c.name}" has a bad property name "${name}"`,
        );
      }
      props.set(name, { ...p, name, automatic: false });
    }
    for (const [name, p] of Object.entries(AUTOMATIC)) {
      props.set(name, { ...p, name, automatic: true });
    }
    if (c.key && props.get(c.key)?.type !== "String") {
      throw new InvalidValueError(
        `Class "${c.name}" cannot use "${c.key}" as key: it must be a String property`,
      );
    }
    const labelprop = c.labelprop ?? c.key ??
      (props.has("name") ? "name" : props.has("title") ? "title" : "id");
    const orderprop = c.orderprop ?? (props.has("order") ? "order" : labelprop);
    for (
      const [what, name] of [["labelprop", labelprop], ["orderprop", orderprop]]
    ) {
      if (name !== "id" && !props.has(name!)) {
        throw new InvalidValueError(
          `Class "${c.name}" cannot use "${name}" as ${what}: it has no such property`,
        );
      }
    }
    classes.set(c.name, {
      name: c.name,
      base,
      key: c.key,
      props,
      labelprop,
      orderprop,
    });
  }
  for (const c of classes.values()) {
    for (const p of c.props.values()) {
      if (
        (p.type === "Link" || p.type === "Multilink") &&
        !classes.has(p.class ?? "")
      ) {
        throw new InvalidValueError(
          `Property "${c.name}.${p.name}" links to unknown class "${p.class}"`,
        );
      }
    }
  }
  return { spec, classes };
}

/** True for properties that hold ids of another class. */
export function isLinkKind(p: PropDef): boolean {
  return p.type === "Link" || p.type === "Multilink";
}
