/** POST, PUT, PATCH (@op add/remove/replace/action) and DELETE; every change needs the current ETag. */
import {
  type ClassDef,
  ConflictError,
  type ItemRecord,
  type Values,
} from "../../store/mod.ts";
import { formatDate } from "../../store/date.ts";
import type { Answer } from "./_collection.ts";
import { etagMatches, type Input, RestError } from "./_http.ts";
import { etag, mustRecord, resolveId } from "./_item.ts";
import { classOf, parseInput, type RestCtx } from "./_values.ts";
import { patchAction, retireOrRestore } from "./_retire.ts";

const PRECONDITION =
  "If-Match is missing or does not match. Retrieve asset and retry modification if valid.";

/** What a write needs besides the request: the If-Match header. */
export interface WriteOpts {
  ifMatch: string | undefined;
}

function requireEtag(
  r: RestCtx,
  cls: ClassDef,
  rec: ItemRecord,
  input: Input,
  o: WriteOpts,
) {
  if (!etagMatches(etag(r, cls, rec), [input.get("@etag"), o.ifMatch])) {
    throw new RestError(412, PRECONDITION);
  }
}

function isRequired(cls: ClassDef, name: string): boolean {
  return cls.key === name || cls.props.get(name)?.required === true;
}

/** Input fields that are properties: protected ones skipped (or kept), unknown ones refused. */
async function propsFrom(
  r: RestCtx,
  cls: ClassDef,
  input: Input,
  o: { keepProtected?: boolean; current?: ItemRecord } = {},
): Promise<Values> {
  const fields = input.fields.filter((f) => !f.name.startsWith("@"));
  if (!fields.length) throw new RestError(400, "No properties found.");
  const values: Values = {};
  for (const f of fields) {
    const p = cls.props.get(f.name);
    if (f.name === "id" || p?.automatic) {
      if (!o.keepProtected) continue;
      throw new RestError(
        405,
        `Attribute '${f.name}' can not be updated for class ${cls.name}.`,
      );
    }
    const file = input.files.get(f.name);
    if (file && f.name === "content" && cls.base === "FileClass") {
      values.content = new Uint8Array(await file.arrayBuffer());
      continue;
    }
    values[f.name] = await parseInput(r, cls, f.name, f.value);
  }
  // An uploaded content names the file and its type unless the fields do.
  const upload = cls.base === "FileClass" ? input.files.get("content") : null;
  if (upload) {
    if (cls.props.has("name") && !("name" in values)) values.name = upload.name;
    if (!("type" in values)) {
      values.type = upload.type || "application/octet-stream";
    }
  }
  return values;
}

async function requireEdit(
  r: RestCtx,
  cls: ClassDef,
  id: string,
  props: string[],
) {
  for (const p of props) {
    if (!(await r.actor.may("Edit", cls.name, { property: p, itemId: id }))) {
      throw new RestError(
        403,
        `Permission to edit ${p} of ${cls.name}${id} denied`,
      );
    }
  }
}

function shown(cls: ClassDef, v: unknown, name: string): unknown {
  const p = cls.props.get(name);
  if (p?.type === "Date" && typeof v === "number") return formatDate(v);
  if (p?.type === "Password" && v) return "[password hidden]";
  return v ?? (p?.type === "Multilink" ? [] : null);
}

/** Sets values with the revision the ETag was checked against; a race is a stale ETag too. */
async function save(
  r: RestCtx,
  cls: ClassDef,
  rec: ItemRecord,
  values: Values,
): Promise<Answer> {
  let changed: string[];
  try {
    changed = await r.t.db.cls(cls.name).set(rec.id, values, {
      actor: r.actor.userId,
      ifRev: rec.rev,
    });
  } catch (e) {
    if (e instanceof ConflictError && /someone else changed/.test(e.message)) {
      throw new RestError(412, PRECONDITION);
    }
    throw e;
  }
  const attribute: Record<string, unknown> = {};
  for (const p of changed) attribute[p] = shown(cls, values[p], p);
  return {
    status: 200,
    data: {
      id: rec.id,
      type: cls.name,
      link: `${r.restUrl}/data/${cls.name}/${rec.id}`,
      attribute,
    },
  };
}

/** POST /rest/data/CLASS */
export async function postItem(
  r: RestCtx,
  name: string,
  input: Input,
): Promise<Answer> {
  const cls = classOf(r, name);
  if (!(await r.actor.may("Create", name))) {
    throw new RestError(403, `Permission to create ${name} denied`);
  }
  const values = await propsFrom(r, cls, input);
  if (cls.key && !(cls.key in values)) {
    throw new RestError(400, `Must provide the '${cls.key}' property.`);
  }
  for (const p of Object.keys(values)) {
    if (!(await r.actor.may("Create", name, { property: p }))) {
      throw new RestError(403, `Permission to create ${name}.${p} denied`);
    }
  }
  const id = await r.t.db.cls(name).create(values, { actor: r.actor.userId });
  const link = `${r.restUrl}/data/${name}/${id}`;
  // Roundup drops Allow from a creation's answer.
  return {
    status: 201,
    data: { id, link },
    headers: { Location: link, Allow: "" },
  };
}

/** PUT /rest/data/CLASS/ID and PUT /rest/data/CLASS/ID/PROP (the value in "data"). */
export async function putItem(
  r: RestCtx,
  path: { name: string; segment: string; attr?: string },
  input: Input,
  o: WriteOpts,
): Promise<Answer> {
  const cls = classOf(r, path.name);
  const id = await resolveId(r, cls, path.segment);
  const rec = await mustRecord(r, cls, id);
  let values: Values;
  if (path.attr !== undefined) {
    await requireEdit(r, cls, id, [path.attr]);
    const data = input.fields.find((f) => f.name === "data");
    if (!data) {
      throw new RestError(
        400,
        `Cannot set ${path.attr}: send the value as "data"`,
      );
    }
    values = { [path.attr]: await parseInput(r, cls, path.attr, data.value) };
  } else {
    values = await propsFrom(r, cls, input);
    await requireEdit(r, cls, id, Object.keys(values));
  }
  requireEtag(r, cls, rec, input, o);
  return await save(r, cls, rec, values);
}

function patched(op: string, old: unknown, val: unknown): unknown {
  if (op === "replace") return val;
  if (op === "add") {
    if (old === null || old === undefined) return val;
    if (val === null) return old;
    if (Array.isArray(old)) return [...new Set([...old, ...val as unknown[]])];
    return `${old}${val}`;
  }
  if (op === "remove") {
    if (!Array.isArray(old)) return null;
    if (val === null) return [];
    const drop = new Set(Array.isArray(val) ? val : [val]);
    return old.filter((x) => !drop.has(x));
  }
  throw new RestError(400, `PATCH Operation ${op} is not allowed`);
}

/** PATCH /rest/data/CLASS/ID[/PROP] */
export async function patchItem(
  r: RestCtx,
  path: { name: string; segment: string; attr?: string },
  input: Input,
  o: WriteOpts,
): Promise<Answer> {
  const cls = classOf(r, path.name);
  const id = await resolveId(r, cls, path.segment);
  const op = (input.get("@op") ?? "replace").toLowerCase();
  const rec = await mustRecord(r, cls, id);
  if (path.attr !== undefined) {
    await requireEdit(r, cls, id, [path.attr]);
    if (cls.props.get(path.attr)?.automatic) {
      throw new RestError(
        405,
        `Attribute '${path.attr}' can not be updated for class ${cls.name}.`,
      );
    }
  }
  requireEtag(r, cls, rec, input, o);
  if (op === "action") return await patchAction(r, cls, rec, input);
  const given: Values = path.attr === undefined
    ? await propsFrom(r, cls, input, { keepProtected: true })
    : {
      [path.attr]: await parseInput(r, cls, path.attr, input.get("data") ?? ""),
    };
  await requireEdit(r, cls, id, Object.keys(given));
  const values: Values = {};
  for (const [p, v] of Object.entries(given)) {
    if (op === "remove" && isRequired(cls, p)) {
      throw new RestError(
        400,
        `Attribute '${p}' is required by class ${cls.name} and can not be removed.`,
      );
    }
    const old = rec.values[p] ??
      (cls.props.get(p)?.type === "Multilink" ? [] : null);
    values[p] = patched(op, old, v);
  }
  return await save(r, cls, rec, values);
}

/** DELETE /rest/data/CLASS/ID (retire) and DELETE /rest/data/CLASS/ID/PROP (unset). */
export async function deleteItem(
  r: RestCtx,
  path: { name: string; segment: string; attr?: string },
  input: Input,
  o: WriteOpts,
): Promise<Answer> {
  const cls = classOf(r, path.name);
  const id = await resolveId(r, cls, path.segment);
  const rec = await mustRecord(r, cls, id);
  const attr = path.attr;
  if (attr === undefined) {
    if (!(await r.actor.may("Retire", cls.name, { itemId: id }))) {
      throw new RestError(403, `Permission to retire ${cls.name} ${id} denied`);
    }
    requireEtag(r, cls, rec, input, o);
    await retireOrRestore(r, cls, rec, "retire");
    return { status: 200, data: { status: "ok" } };
  }
  await requireEdit(r, cls, id, [attr]);
  const p = cls.props.get(attr);
  if (!p || p.automatic) {
    throw new RestError(
      p ? 405 : 400,
      p
        ? `Attribute '${attr}' can not be deleted for class ${cls.name}.`
        : `Attribute '${attr}' not valid for class ${cls.name}.`,
    );
  }
  if (isRequired(cls, attr)) {
    throw new RestError(
      400,
      `Attribute '${attr}' is required by class ${cls.name} and can not be deleted.`,
    );
  }
  requireEtag(r, cls, rec, input, o);
  await save(r, cls, rec, { [attr]: p.type === "Multilink" ? [] : null });
  return { status: 200, data: { status: "ok" } };
}
