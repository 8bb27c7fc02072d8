/**
 * Web forms into property values: fields named after properties, parsed by the store's property
 * parsers; `@note`, `@file`, `@required`, `@confirm@password` handled as Roundup's forms do.
 * Unknown fields are refused (Roundup ignores them silently).
 */
import {
  type ClassDef,
  InvalidValueError,
  isStoreError,
  type Item,
  type Values,
} from "../store/mod.ts";
import { parseValue } from "../store/props/mod.ts";
import { hashPassword, verifyPassword } from "../store/password.ts";
import type { Tracker } from "../tracker/home.ts";
import { parseContextFor } from "./parse_context.ts";
import { HttpError } from "./errors.ts";

/** A posted form: every field's values in order. */
export type FormData = Record<string, Array<string | File>>;

/** What a form asks for. */
export interface ParsedForm {
  /** Properties whose value differs from the item's (all given ones for a new item). */
  values: Values;
  /** The text of `@note`, trimmed; "" when none. */
  note: string;
  /** Uploaded files with content. */
  files: File[];
}

const IGNORED = new Set(["submit_button", "__came_from"]);

/** The first text value of a field. */
export function field(form: FormData, name: string): string | undefined {
  const v = form[name]?.find((x) => typeof x === "string");
  return typeof v === "string" ? v : undefined;
}

/** Reads a request body into FormData (all values of repeated fields kept). */
export async function readForm(req: Request): Promise<FormData> {
  const type = req.headers.get("content-type") ?? "";
  if (
    !type.includes("multipart/form-data") &&
    !type.includes("application/x-www-form-urlencoded")
  ) {
    return {};
  }
  let fd: globalThis.FormData;
  try {
    fd = await req.formData();
  } catch (e) {
    throw new HttpError(
      400,
      `Cannot read the posted form: ${
        (e as Error).message
      }; send it again from the page`,
    );
  }
  // No prototype: a field named "constructor" or "__proto__" is just a field.
  const out: FormData = Object.create(null);
  for (const [k, v] of fd.entries()) (out[k] ??= []).push(v);
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Parses the property fields of a form for `cls` (against `current` when editing). Throws
 * InvalidValueError naming every bad field.
 */
export async function parseItemForm(
  t: Tracker,
  cls: ClassDef,
  form: FormData,
  opts: { tz: string; current?: Item; checkOldPassword?: boolean },
): Promise<ParsedForm> {
  const values: Values = {};
  const problems: string[] = [];
  for (const name of Object.keys(form)) {
    if (name.startsWith("@") || name.startsWith("__") || IGNORED.has(name)) {
      continue;
    }
    const prop = cls.props.get(name);
    if (
      !prop || prop.automatic ||
      (name === "content" && cls.base !== "FileClass")
    ) {
      problems.push(
        prop
          ? `Cannot set ${cls.name}.${name}: it is set by the tracker itself`
          : `Cannot use the form field "${name}": class "${cls.name}" has no property "${name}"`,
      );
      continue;
    }
    if (name === "content" && cls.base === "FileClass") {
      const upload = form.content?.find((v): v is File => v instanceof File);
      if (upload) {
        // A file item's content comes as an upload; its name and type default to the upload's.
        values.content = new Uint8Array(await upload.arrayBuffer());
        if (cls.props.has("name") && !field(form, "name")) {
          values.name = upload.name;
        }
        if (!field(form, "type")) {
          values.type = upload.type || "application/octet-stream";
        }
        continue;
      }
    }
    const raw = field(form, name) ?? "";
    const current = opts.current?.[name];
    try {
      if (prop.type === "Password") {
        if (raw === "") continue;
        if (raw !== (field(form, `@confirm@${name}`) ?? raw)) {
          throw new InvalidValueError(
            `Cannot set ${cls.name}.${name}: the two passwords do not match`,
          );
        }
        values[name] = await hashPassword(raw);
        continue;
      }
      const v = await parseValue(
        raw,
        parseContextFor(t, cls, prop, { tz: opts.tz, current }),
      );
      if (!opts.current || !sameValue(v, current)) values[name] = v;
    } catch (e) {
      if (!isStoreError(e)) throw e;
      problems.push(e.message);
    }
  }
  const stored = opts.current?.password;
  if (
    opts.checkOldPassword && "password" in values &&
    typeof stored === "string" && stored !== "" &&
    !(await verifyPassword(field(form, "@old_password") ?? "", stored)
      .catch(() => false))
  ) {
    problems.push(
      "Cannot change the password: the old password is missing or wrong",
    );
  }
  const required = (field(form, "@required") ?? "").split(",").map((s) =>
    s.trim()
  ).filter(Boolean);
  for (const name of required) {
    const v = name in values ? values[name] : opts.current?.[name];
    if (
      v === null || v === undefined || v === "" ||
      (Array.isArray(v) && !v.length)
    ) {
      problems.push(`Required ${cls.name} property ${name} not supplied`);
    }
  }
  if (problems.length) throw new InvalidValueError(problems.join("\n"));
  const files = (form["@file"] ?? []).filter((f): f is File =>
    f instanceof File && f.size > 0
  );
  // Browsers send textarea lines with CRLF; messages keep plain newlines.
  const note = (field(form, "@note") ?? "").replace(/\r\n?/g, "\n").trim();
  return { values, note, files };
}
