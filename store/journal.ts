/** Journal entries in Roundup's shape: "set" keeps old values, links are journalled on targets. */
import type { ClassDef } from "./schema.ts";
import type { Values } from "./record.ts";

/**
 * Old values of changed properties; Multilinks as [["+", added], ["-", removed]]; quiet ones
 * left out. Properties come in name order, as Roundup keeps them.
 */
export function setJournalParams(
  cls: ClassDef,
  old: Values,
  changes: Values,
): Values {
  const out: Values = {};
  for (const [name, v] of Object.entries(changes).sort(byName)) {
    const p = cls.props.get(name);
    if (!p || name === "content") continue;
    if (p.type === "Multilink") {
      const { added, removed } = multilinkDiff(old[name], v);
      const parts: Array<[string, string[]]> = [];
      if (added.length) parts.push(["+", added]);
      if (removed.length) parts.push(["-", removed]);
      if (parts.length) out[name] = parts;
    } else if (p.type === "Password") {
      out[name] = old[name] == null ? null : "*encrypted*";
    } else out[name] = old[name] ?? null;
  }
  return out;
}

function byName(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * A journal entry with the properties of a "set" entry in name order (messages, nosy, status,
 * title), as Roundup lists them; entries written in another order, or imported, come out sorted.
 */
export function inNameOrder<E extends { action: string; params: unknown }>(
  entry: E,
): E {
  const p = entry.params;
  if (
    entry.action !== "set" || !p || typeof p !== "object" || Array.isArray(p)
  ) {
    return entry;
  }
  const params = Object.fromEntries(Object.entries(p).sort(byName));
  return { ...entry, params };
}

/** Ids added to and removed from a Multilink. */
export function multilinkDiff(
  old: unknown,
  next: unknown,
): { added: string[]; removed: string[] } {
  const a = new Set((old as string[] | null) ?? []);
  const b = new Set((next as string[] | null) ?? []);
  return {
    added: [...b].filter((x) => !a.has(x)),
    removed: [...a].filter((x) => !b.has(x)),
  };
}

/** The link/unlink entries a change writes into the journals of linked items. */
export function linkJournal(
  cls: ClassDef,
  id: string,
  old: Values | null,
  changes: Values,
): Array<
  {
    cls: string;
    id: string;
    action: "link" | "unlink";
    params: [string, string, string];
  }
> {
  const out: Array<
    {
      cls: string;
      id: string;
      action: "link" | "unlink";
      params: [string, string, string];
    }
  > = [];
  for (const [name, v] of Object.entries(changes)) {
    const p = cls.props.get(name);
    if (!p || p.automatic || p.do_journal === false || !p.class) continue;
    const params: [string, string, string] = [cls.name, id, name];
    const before = old?.[name] ?? null;
    if (p.type === "Link") {
      if (before) {
        out.push({
          cls: p.class,
          id: before as string,
          action: "unlink",
          params,
        });
      }
      if (v) {
        out.push({ cls: p.class, id: v as string, action: "link", params });
      }
    } else if (p.type === "Multilink") {
      const { added, removed } = multilinkDiff(before, v);
      for (const t of removed) {
        out.push({ cls: p.class, id: t, action: "unlink", params });
      }
      for (const t of added) {
        out.push({ cls: p.class, id: t, action: "link", params });
      }
    }
  }
  return out;
}

/** Link/Multilink values (with do_journal) an item is created with, for derived link entries. */
export function creationLinks(
  cls: ClassDef,
  values: Values,
): Record<string, string[]> | undefined {
  let out: Record<string, string[]> | undefined;
  for (const p of cls.props.values()) {
    if (p.automatic || p.do_journal === false || !p.class) continue;
    const v = values[p.name];
    const ids = p.type === "Link"
      ? (v ? [v as string] : [])
      : p.type === "Multilink"
      ? (v as string[])
      : [];
    if (ids.length) (out ??= {})[p.name] = ids;
  }
  return out;
}

/**
 * The links a "set" entry's params (old values) show removed, as [prop, target]: a Link's old
 * value, and the ids of a Multilink's ("-", ids) parts.
 */
export function* removedLinks(params: unknown): Generator<[string, string]> {
  if (!params || typeof params !== "object") return;
  for (const [prop, old] of Object.entries(params as Record<string, unknown>)) {
    if (typeof old === "string") yield [prop, old];
    if (!Array.isArray(old)) continue;
    for (const part of old) {
      if (Array.isArray(part) && part[0] === "-" && Array.isArray(part[1])) {
        for (const t of part[1]) yield [prop, String(t)];
      }
    }
  }
}
