import { InvalidValueError } from "../store/mod.ts";
import type { ConfigOption } from "./_config_options.ts";

const TRUE = ["yes", "true", "on", "1"];
const FALSE = ["no", "false", "off", "0"];

function where(option: Pick<ConfigOption, "section" | "name">): string {
  return `[${option.section}] ${option.name}`;
}

/** Reads yes/true/on/1 and no/false/off/0 in any case, as Roundup does. */
export function parseBoolean(
  value: string,
  option: Pick<ConfigOption, "section" | "name">,
): boolean {
  const v = value.toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new InvalidValueError(
    `Cannot read option ${
      where(option)
    } as yes or no: got "${value}", expected one of ${
      [...TRUE, ...FALSE].join(", ")
    }`,
  );
}

/** Reads a whole number, or an octal one ("0o2", "022") for the octal kind. */
export function parseInteger(
  value: string,
  option: Pick<ConfigOption, "section" | "name" | "kind">,
): number {
  if (option.kind === "octal") {
    const m = /^(?:0o)?([0-7]+)$/i.exec(value.trim());
    if (m) return parseInt(m[1]!, 8);
    throw new InvalidValueError(
      `Cannot read option ${where(option)} as an octal number: got "${value}"`,
    );
  }
  if (/^[+-]?\d+$/.test(value.trim())) return Number(value);
  throw new InvalidValueError(
    `Cannot read option ${where(option)} as a whole number: got "${value}"`,
  );
}

/**
 * Checks a value against its option's kind and returns it in the form Roundup
 * reads it back: "yes"/"no" for booleans, the listed spelling for choices.
 */
export function checkValue(option: ConfigOption, value: string): string {
  const bad = (expected: string) =>
    new InvalidValueError(
      `Cannot use "${value}" for option ${where(option)}: expected ${expected}`,
    );
  switch (option.kind) {
    case "boolean":
      return parseBoolean(value, option) ? "yes" : "no";
    case "integer":
    case "octal": {
      const n = parseInteger(value, option);
      const min = option.min ?? 0;
      if (n < min) throw bad(`a whole number of at least ${min}`);
      return value.trim();
    }
    case "url":
      if (!/^https?:\/\//.test(value) || !value.endsWith("/")) {
        throw bad(
          'an address that starts with http:// or https:// and ends with "/"',
        );
      }
      return value;
    case "choice": {
      const choices = option.choices ?? [];
      const hit = choices.find((c) => c.toLowerCase() === value.toLowerCase());
      if (hit === undefined) {
        throw bad(`one of ${choices.map((c) => c || '""').join(", ")}`);
      }
      return hit;
    }
    case "token":
      if (value === "") throw bad("a non-empty secret");
      return value;
    default:
      return value;
  }
}

/** The "Allowed values" comment line for an option, if its kind has one. */
export function allowedValues(option: ConfigOption): string | undefined {
  if (option.kind === "boolean") return "Allowed values: yes, no";
  if (option.kind === "choice") {
    return `Allowed values: ${
      (option.choices ?? []).map((c) => c || '""').join(", ")
    }`;
  }
  return undefined;
}
