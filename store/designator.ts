import { DesignatorError } from "./errors.ts";

/** A parsed designator: class name and item id. */
export interface Designator {
  cls: string;
  id: string;
}

const DESIGNATOR = /^([A-Za-z_][A-Za-z_0-9]*?)(-?\d+)$/;

/** Splits "issue12" into class and id; throws DesignatorError on anything else. */
export function parseDesignator(text: string): Designator {
  const m = DESIGNATOR.exec(text.trim());
  if (!m || m[2]!.startsWith("-")) {
    throw new DesignatorError(
      `Cannot parse designator "${text}": expected a class name followed by an id, like issue12`,
    );
  }
  // Leading zeros go; Number() would show a 21-digit id as 1e+21.
  return { cls: m[1]!, id: m[2]!.replace(/^0+(?=\d)/, "") };
}

/** True when the text looks like a designator (classname followed by digits). */
export function isDesignator(text: string): boolean {
  return /^[A-Za-z_][A-Za-z_0-9]*?\d+$/.test(text);
}
