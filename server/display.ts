/** Property values as text for pages and CSV: labels of linked items, dates in the user's zone. */
import type { ClassDef, PropDef } from "../store/mod.ts";
import { formatDate } from "../store/date.ts";
import { formatInterval, type Interval } from "../store/interval.ts";
import type { Tracker } from "../tracker/home.ts";

/** One linked item as shown: its label and designator. */
export interface LinkLabel {
  cls: string;
  id: string;
  label: string;
}

/** Reads labels of linked items, remembering them for one request. */
export class Labeler {
  #t: Tracker;
  #tz: string | number;
  #cache = new Map<string, string>();

  constructor(t: Tracker, tz: string) {
    this.#t = t;
    this.#tz = /^[+-]?\d+(\.\d+)?$/.test(tz) ? Number(tz) : tz;
  }

  /** The label of an item: its key or label property, else its designator. */
  async label(cls: string, id: string): Promise<string> {
    const k = `${cls}${id}`;
    const hit = this.#cache.get(k);
    if (hit !== undefined) return hit;
    const def = this.#t.schema.classes.get(cls);
    const rec = def ? await this.#t.db.cls(cls).record(id) : null;
    const v = rec && def ? rec.values[def.key ?? def.labelprop] : undefined;
    const label = typeof v === "string" && v !== "" ? v : k;
    this.#cache.set(k, label);
    return label;
  }

  /** Linked items of a Link or Multilink value. */
  async links(prop: PropDef, value: unknown): Promise<LinkLabel[]> {
    const ids = Array.isArray(value)
      ? value as string[]
      : typeof value === "string"
      ? [value]
      : [];
    const cls = prop.class ?? "";
    return await Promise.all(
      ids.map(async (id) => ({ cls, id, label: await this.label(cls, id) })),
    );
  }

  /** A value as plain text (Multilinks comma-separated, passwords hidden). */
  async text(cls: ClassDef, name: string, value: unknown): Promise<string> {
    if (name === "id") return String(value ?? "");
    const prop = cls.props.get(name);
    if (!prop || value === null || value === undefined) return "";
    switch (prop.type) {
      case "Link":
      case "Multilink":
        return (await this.links(prop, value)).map((l) => l.label).join(", ");
      case "Date":
        return typeof value === "number" ? formatDate(value, this.#tz) : "";
      case "Interval":
        return formatInterval(value as Interval);
      case "Boolean":
        return value ? "Yes" : "No";
      case "Password":
        return "";
      default:
        return String(value);
    }
  }

  /** The text a form field shows for a value (Links by key name, so the user can type names). */
  async formText(cls: ClassDef, name: string, value: unknown): Promise<string> {
    const prop = cls.props.get(name);
    if (prop?.type === "Link" || prop?.type === "Multilink") {
      return (await this.links(prop, value)).map((l) => l.label).join(",");
    }
    return await this.text(cls, name, value);
  }
}
