/** GET of one item, one property and a file's binary content; item ids may be key values. */
import type { ClassDef, ItemRecord } from "../../store/mod.ts";
import { formatDate } from "../../store/date.ts";
import { formatInterval, type Interval } from "../../store/interval.ts";
import type { Answer } from "./_collection.ts";
import { fieldsOf, intField } from "./_collection.ts";
import { etagOf, type Input, RestError } from "./_http.ts";
import {
  classOf,
  formatItem,
  itemProps,
  recordOf,
  type RestCtx,
} from "./_values.ts";

/** The id an item path segment names: digits, or the key value ("open" or "name=open"). */
export async function resolveId(
  r: RestCtx,
  cls: ClassDef,
  segment: string,
): Promise<string> {
  if (/^\d+$/.test(segment)) return segment;
  let value = segment;
  const eq = segment.indexOf("=");
  if (eq >= 0) {
    const k = segment.slice(0, eq);
    if (k !== cls.key) {
      throw new RestError(400, `Field ${k} is not key property`);
    }
    value = segment.slice(eq + 1);
  }
  if (!cls.key) throw new RestError(404, `Item '${value}' not found`);
  if (!(await r.actor.may("View", cls.name, { property: cls.key }))) {
    throw new RestError(
      403,
      `Permission to view ${cls.name}${segment}.${cls.key} denied`,
    );
  }
  try {
    return await r.t.db.cls(cls.name).lookup(value);
  } catch {
    throw new RestError(404, `Item '${value}' not found`);
  }
}

/** The item's record, or RestError 404 as Roundup words it. */
export async function mustRecord(
  r: RestCtx,
  cls: ClassDef,
  id: string,
): Promise<ItemRecord> {
  const rec = await recordOf(r, cls.name, id);
  if (!rec) throw new RestError(404, `no such ${cls.name} ${id}`);
  return rec;
}

/** The item's ETag. */
export function etag(r: RestCtx, cls: ClassDef, rec: ItemRecord): string {
  return etagOf(r.t.config.get("web", "secret_key"), cls.name, rec);
}

/** GET /rest/data/CLASS/ID */
export async function getItem(
  r: RestCtx,
  name: string,
  segment: string,
  input: Input,
): Promise<Answer> {
  const cls = classOf(r, name);
  const id = await resolveId(r, cls, segment);
  if (!(await r.actor.may("View", name, { itemId: id }))) {
    throw new RestError(403, `Permission to view ${name}${id} denied`);
  }
  const rec = await mustRecord(r, cls, id);
  const tag = etag(r, cls, rec);
  const verbose = intField(input, "@verbose", 1);
  let props = await fieldsOf(r, cls, input);
  if (props === null) {
    const prot = (input.get("@protected") ?? "").toLowerCase() === "true";
    props = new Set(itemProps(cls, prot));
  } else if (verbose > 1) props.add(cls.labelprop);
  return {
    status: 200,
    data: {
      id,
      type: name,
      link: `${r.restUrl}/data/${name}/${segment}`,
      attributes: await formatItem(r, cls, rec, props, verbose),
      "@etag": tag,
    },
    headers: { ETag: tag },
  };
}

const PY_TYPES: Record<string, string> = {
  String: "str",
  Link: "str",
  Multilink: "list",
  Number: "float",
  Integer: "int",
  Boolean: "bool",
  Date: "roundup.date.Date",
  Interval: "roundup.date.Interval",
  Password: "roundup.password.Password",
};

/** GET /rest/data/CLASS/ID/PROP */
export async function getAttribute(
  r: RestCtx,
  name: string,
  segment: string,
  attr: string,
): Promise<Answer> {
  const cls = classOf(r, name);
  const id = await resolveId(r, cls, segment);
  if (
    !(await r.actor.may("View", name, { property: attr, itemId: id }))
  ) {
    throw new RestError(
      403,
      `Permission to view ${name}${id} ${attr} denied`,
    );
  }
  const rec = await mustRecord(r, cls, id);
  const prop = attr === "id" ? null : cls.props.get(attr);
  if (prop === undefined) throw new RestError(400, `Invalid attribute ${attr}`);
  let data: unknown = attr === "id" ? id : rec.values[attr] ??
    (prop?.type === "Multilink" ? [] : null);
  if (attr === "content" && cls.base === "FileClass") {
    data = new TextDecoder().decode(await r.t.db.cls(name).contentOf(rec));
  } else if (prop?.type === "Date" && typeof data === "number") {
    data = formatDate(data);
  } else if (prop?.type === "Interval" && data !== null) {
    data = formatInterval(data as Interval);
  } else if (prop?.type === "Password" && data !== null) {
    data = `[password hidden scheme ${/^\{(\w+)\}/.exec(String(data))?.[1]}]`;
  }
  const type = data === null ? "NoneType" : PY_TYPES[prop?.type ?? "String"];
  const tag = etag(r, cls, rec);
  return {
    status: 200,
    data: {
      id,
      type: `<class '${type}'>`,
      link: `${r.restUrl}/data/${name}/${segment}/${attr}`,
      data,
      "@etag": tag,
    },
    headers: { ETag: tag },
  };
}

/** The types an Accept header may name for content of `type`. */
function acceptable(type: string): string[] {
  const major = type.split("/")[0];
  return [type, `${major}/*`, "*/*"];
}

/** GET /rest/data/CLASS/ID/binary_content: the raw bytes when Accept names their type. */
export async function getBinary(
  r: RestCtx,
  name: string,
  segment: string,
  accept: string | undefined,
): Promise<Response | null> {
  const cls = classOf(r, name);
  if (cls.base !== "FileClass") {
    throw new RestError(400, `Invalid attribute binary_content`);
  }
  const id = await resolveId(r, cls, segment);
  if (
    !(await r.actor.may("View", name, { property: "content", itemId: id }))
  ) {
    throw new RestError(403, `Permission to view ${name}${id} content denied`);
  }
  const rec = await mustRecord(r, cls, id);
  const type = String(rec.values.type || "application/octet-stream");
  const wanted = (accept ?? "").split(",").map((s) => s.split(";")[0]!.trim());
  const ok = acceptable(type);
  if (!accept || wanted.includes("application/json")) return null;
  if (!wanted.some((w) => ok.includes(w))) {
    throw new RestError(
      406,
      `Requested content type(s) '${accept}' not available.\nAcceptable mime types are: ${
        ok.sort().join(", ")
      }`,
    );
  }
  const bytes = await r.t.db.cls(name).contentOf(rec);
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: { "Content-Type": type, "X-Content-Type-Options": "nosniff" },
  });
}
