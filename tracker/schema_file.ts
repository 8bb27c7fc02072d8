/**
 * Reading a tracker's schema.json: the JSON, its shape, its classes, links, roles, permissions
 * and detectors are all checked before anything uses them, and a problem becomes one
 * InvalidValueError that names the file and what is wrong in it.
 */
import {
  InvalidValueError,
  isStoreError,
  resolveSchema,
  type SchemaSpec,
} from "../store/mod.ts";
import { Security } from "../store/security.ts";
import { DETECTORS } from "../templates/mod.ts";

/** Parses and checks the text of `file` (a schema.json); throws InvalidValueError naming it. */
export function parseSchemaFile(text: string, file: string): SchemaSpec {
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    throw new InvalidValueError(
      `Cannot read the schema "${file}": it is not valid JSON (${
        (e as Error).message
      })`,
    );
  }
  try {
    resolveSchema(spec as SchemaSpec);
    new Security(spec as SchemaSpec);
    const unknown = (spec as SchemaSpec).detectors?.find((n) =>
      !Object.hasOwn(DETECTORS, n)
    );
    if (unknown !== undefined) {
      throw new InvalidValueError(
        `There is no detector "${unknown}"; the built-in detectors are ${
          Object.keys(DETECTORS).join(", ")
        }`,
      );
    }
  } catch (e) {
    if (!isStoreError(e)) throw e;
    throw new InvalidValueError(
      `Cannot use the schema "${file}": ${e.message}`,
      { cause: e },
    );
  }
  return spec as SchemaSpec;
}

/** Reads and checks the schema file `file`. */
export async function readSchemaFile(file: string): Promise<SchemaSpec> {
  return parseSchemaFile(await Deno.readTextFile(file), file);
}
