/** Property values as text for pages and CSV: labels of linked items, dates in the user's zone. */
import type { ClassDef, ItemRecord, PropDef } from "../store/mod.ts";
import { formatDate } from "../store/date.ts";
import { formatInterval, type Interval } from "../store/interval.ts";
import type { Tracker } from "../tracker/home.ts";
import type { Ctx } from "./context.ts";
import { FRESH_VIEW, type Memo, viewOf } from "./view_cache.ts";

/** One linked item as shown: its label and designator. */
export interface LinkLabel {
  cls: string;
  id: string;
  label: string;
}

/** Reads labels of linked items, remembering them for one request and, through the request's
 * view (server/view_cache.ts), for the next requests until the store changes. */
export class Labeler {
  #t: Tracker;
  #tz: string | number;
  #cache = new Map<string, Promise<string>>();
  #view: Promise<Memo>;

  constructor(
    t: Tracker,
    tz: string,
    view: Promise<Memo> = Promise.resolve(FRESH_VIEW),
  ) {
    this.#t = t;
    this.#view = view;
    this.#tz = /^[+-]?\d+(\.\d+)?$/.test(tz) ? Number(tz) : tz;
  }

  #labelOf(cls: string, id: string, rec: ItemRecord | null): string {
    const def = this.#t.schema.classes.get(cls);
    const v = rec && def ? rec.values[def.key ?? def.labelprop] : undefined;
    return typeof v === "string" && v !== "" ? v : `${cls}${id}`;
  }

  /** The label of an item: its key or label property, else its designator. */
  label(cls: string, id: string): Promise<string> {
    const k = `${cls}${id}`;
    let hit = this.#cache.get(k);
    if (!hit) {
      hit = this.#t.schema.classes.has(cls)
        ? this.#view.then((v) =>
          v.memo(
            `label:${k}`,
            async () =>
              this.#labelOf(cls, id, await this.#t.db.cls(cls).record(id)),
          )
        )
        : Promise.resolve(k);
      this.#cache.set(k, hit);
    }
    return hit;
  }

  /** Reads the labels of many items at once (a page's linked users and statuses). */
  async prefetch(cls: string, ids: Iterable<string>): Promise<void> {
    if (!this.#t.schema.classes.has(cls)) return;
    const view = await this.#view;
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const k = `${cls}${id}`;
      if (this.#cache.has(k)) continue;
      const known = view.peek<string>(`label:${k}`);
      if (known !== undefined) this.#cache.set(k, known);
      else missing.push(id);
    }
    if (!missing.length) return;
    const read = this.#t.db.cls(cls).records(missing);
    for (const [i, id] of missing.entries()) {
      const k = `${cls}${id}`;
      this.#cache.set(
        k,
        view.memo(
          `label:${k}`,
          async () => this.#labelOf(cls, id, (await read)[i] ?? null),
        ),
      );
    }
    await read;
  }

  /** Reads the labels of every item the Link and Multilink `props` of `items` point to. */
  async prefetchLinks(
    cls: ClassDef,
    props: string[],
    items: Array<Record<string, unknown>>,
  ): Promise<void> {
    const wanted = new Map<string, string[]>();
    for (const name of props) {
      const p = cls.props.get(name);
      if (!p?.class || (p.type !== "Link" && p.type !== "Multilink")) continue;
      const list = wanted.get(p.class) ?? [];
      for (const item of items) {
        const v = item[name];
        if (typeof v === "string") list.push(v);
        else if (Array.isArray(v)) list.push(...(v as string[]));
      }
      wanted.set(p.class, list);
    }
    await Promise.all(
      [...wanted].map(([target, ids]) => this.prefetch(target, ids)),
    );
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

const perRequest = new WeakMap<Request, Labeler>();

/** The request's one Labeler (labels read once per page, whichever part shows them). */
export function labelerFor(c: Ctx): Labeler {
  let lab = perRequest.get(c.req.raw);
  if (!lab) {
    lab = new Labeler(c.get("tracker"), c.get("actor").timezone, viewOf(c));
    perRequest.set(c.req.raw, lab);
  }
  return lab;
}
