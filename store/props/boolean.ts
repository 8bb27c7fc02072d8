/** Boolean properties: yes/no, true/false, on/off, 1/0 (and "checked" from web checkboxes), any case. */
import { badValue, type PropKindParser } from "./context.ts";

const TRUE = new Set(["yes", "true", "on", "1", "checked"]);
const FALSE = new Set(["no", "false", "off", "0"]);

/** The boolean a text names, or undefined when it names none. */
export function booleanOf(raw: string): boolean | undefined {
  const word = raw.trim().toLowerCase();
  return TRUE.has(word) ? true : FALSE.has(word) ? false : undefined;
}

export const booleanKind: PropKindParser = {
  parse(raw, ctx) {
    const b = booleanOf(raw);
    if (b === undefined) {
      throw badValue(
        ctx,
        raw,
        "expected yes or no, true or false, on or off, 1 or 0",
      );
    }
    return b;
  },
};
