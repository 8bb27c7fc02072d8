/** REST plumbing: the error type, Roundup's JSON envelopes, ETags and the request's input fields. */
import { createHash } from "node:crypto";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isStoreError, type ItemRecord, Reject } from "../../store/mod.ts";
import { statusOf } from "../errors.ts";

/** An error answered as `{"error": {"status": N, "msg": …}}`. */
export class RestError extends Error {
  override name = "RestError";
  readonly status: ContentfulStatusCode;
  readonly headers: Record<string, string>;
  constructor(
    status: ContentfulStatusCode,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** One input field: a query parameter, a form field or a JSON member (lists stay lists). */
export interface Field {
  name: string;
  value: string | string[];
}

/** The request's input: query parameters for GET, else the JSON or form body (plus the query). */
export class Input {
  readonly fields: Field[];
  /** Uploaded files of a multipart/form-data body, by field name. */
  readonly files: Map<string, File>;
  constructor(fields: Field[], files = new Map<string, File>()) {
    this.fields = fields;
    this.files = files;
  }
  /** The first value of a field as text; lists are joined with commas. */
  get(name: string): string | undefined {
    const f = this.fields.find((x) => x.name === name);
    if (!f) return undefined;
    return Array.isArray(f.value) ? f.value.join(",") : f.value;
  }
  has(name: string): boolean {
    return this.fields.some((x) => x.name === name);
  }
}

/** Reads the body as JSON or form fields; RestError 400/415 on bad input. */
export async function readInput(req: Request, url: URL): Promise<Input> {
  const fields: Field[] = [...url.searchParams].map(([name, value]) => ({
    name,
    value,
  }));
  if (req.method === "GET" || req.method === "HEAD" || req.body === null) {
    return new Input(fields);
  }
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim()
    .toLowerCase();
  if (type === "multipart/form-data") return await readMultipart(req, fields);
  const text = await req.text();
  if (type === "application/json") {
    let data: unknown;
    try {
      data = text.trim() === "" ? {} : JSON.parse(text);
    } catch (e) {
      throw new RestError(
        400,
        `Cannot read the JSON body: ${(e as Error).message}`,
      );
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      throw new RestError(400, "Cannot read the JSON body: expected an object");
    }
    for (const [name, v] of Object.entries(data)) {
      if (v === null) continue;
      fields.push({
        name,
        value: Array.isArray(v) ? v.map(String) : String(v),
      });
    }
  } else if (
    type === "application/x-www-form-urlencoded" || type === "" && text === ""
  ) {
    for (const [name, value] of new URLSearchParams(text)) {
      fields.push({ name, value });
    }
  } else if (text !== "") {
    const headers: Record<string, string> = req.method === "PATCH"
      ? {
        "Accept-Patch": "application/json, application/x-www-form-urlencoded",
      }
      : {};
    throw new RestError(
      415,
      `Unable to process input of type ${type}: send application/json, application/x-www-form-urlencoded or multipart/form-data`,
      headers,
    );
  }
  return new Input(fields);
}

/** A multipart body: text fields as fields, uploads as files (a file's content, name and type). */
async function readMultipart(req: Request, fields: Field[]): Promise<Input> {
  let form: FormData;
  try {
    form = await req.formData();
  } catch (e) {
    throw new RestError(400, `Cannot read the form: ${(e as Error).message}`);
  }
  const files = new Map<string, File>();
  for (const [name, value] of form) {
    if (typeof value === "string") fields.push({ name, value });
    else {
      files.set(name, value);
      // The field is present, so property lists see it; its text is the file name.
      fields.push({ name, value: value.name });
    }
  }
  return new Input(fields, files);
}

/** The ETag of an item record: changes with every revision; keyed by the tracker's secret. */
export function etagOf(secret: string, cls: string, rec: ItemRecord): string {
  const h = createHash("md5").update(
    `${secret}\0${cls}\0${rec.id}\0${rec.rev}\0${rec.retired}`,
  ).digest("hex");
  return `"${h}"`;
}

/** True when one of the given ETags is the item's (a "-gzip" style suffix is ignored). */
export function etagMatches(current: string, given: (string | undefined)[]) {
  const clean = given.filter((e): e is string => !!e).map((e) =>
    // Compressing servers weaken the tag (W/"…", Deno.serve) or suffix it ("…-gzip", Apache).
    e.trim().replace(/^W\//, "").replace(/-[A-Za-z0-9]+"$/, '"')
  );
  return clean.length > 0 && clean.every((e) => e === current);
}

/** The status and message an error is answered with; null for a bug. */
export function restStatusOf(
  e: unknown,
): { status: ContentfulStatusCode; message: string } | null {
  if (e instanceof RestError) return { status: e.status, message: e.message };
  // Roundup answers an auditor's refusal with 405.
  if (e instanceof Reject) return { status: 405, message: e.message };
  if (isStoreError(e) || e instanceof SyntaxError || e instanceof RangeError) {
    return statusOf(e);
  }
  return null;
}

/** Roundup's JSON text: pretty (4 spaces) unless @pretty=false. */
export function jsonText(body: unknown, pretty: boolean): string {
  return JSON.stringify(body, null, pretty ? 4 : undefined) + "\n";
}
