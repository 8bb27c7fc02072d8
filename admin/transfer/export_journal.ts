/**
 * Journal entries in Roundup's export format: rows of id, date, user, action and params, where
 * "set" params hold the old values (dates and intervals as tuples, as Roundup's SQL backends export
 * them; the serialised strings of its anydbm backend are read too), Multilink changes as
 * (('+', [ids]), ('-', [ids])).
 */
import {
  type ClassDef,
  InvalidValueError,
  type JournalEntry,
  type PropDef,
} from "../../store/mod.ts";
import {
  fromExportText,
  parsePyLiteral,
  PyDict,
  PyTuple,
  type PyValue,
} from "./py_literal.ts";
import { reprText, reprValue } from "./py_repr.ts";
import {
  dateTuple,
  exportField,
  fail,
  importId,
  show,
  storeValue,
  toDate,
  toId,
} from "./export_codec.ts";
import { quickDate } from "./quick_date.ts";

type Action = JournalEntry["action"];
const ACTIONS = new Set<string>([
  "create",
  "set",
  "retired",
  "restored",
  "link",
  "unlink",
]);

function journalValue(p: PropDef, v: unknown): string {
  if (v == null) return "None";
  if (p.type === "Multilink") {
    const parts = v as Array<[string, string[]]>;
    if (!parts.every((x) => Array.isArray(x) && x.length === 2)) {
      return reprValue(parts as unknown as PyValue);
    }
    return reprValue(
      new PyTuple(parts.map(([s, ids]) => new PyTuple([s, ids]))),
    );
  }
  return exportField(p, v);
}

/** The five CSV fields of a journal entry: id, date, user, action, params. */
export function exportJournal(
  cls: ClassDef,
  id: string,
  e: JournalEntry,
): string[] {
  let params: string;
  if (e.action === "set") {
    const old = (e.params ?? {}) as Record<string, unknown>;
    const parts = Object.keys(old).filter((k) => cls.props.has(k)).sort()
      .map((k) => `${reprText(k)}: ${journalValue(cls.props.get(k)!, old[k])}`);
    params = `{${parts.join(", ")}}`;
  } else if (e.action === "link" || e.action === "unlink") {
    params = reprValue(new PyTuple((e.params as string[]).map(String)));
  } else if (e.action === "create") params = "{}";
  else params = "None";
  const user = e.user == null ? "None" : reprText(e.user);
  return [reprText(id), dateTuple(e.date), user, reprText(e.action), params];
}

function importUser(text: string): string | null {
  const u = parsePyLiteral(text);
  if (u !== null && typeof u !== "string" && typeof u !== "number") {
    fail(`expected a user id, got ${text}`);
  }
  return u === null ? null : fromExportText(String(u));
}

function journalParam(p: PropDef, v: PyValue): unknown {
  if (v === null) return null;
  if (p.type === "Multilink") {
    const parts = Array.isArray(v) ? v : v instanceof PyTuple ? v.items : null;
    if (!parts) fail(`expected (('+', [ids]),), got ${show(v)}`);
    return parts.map((x) => {
      const pair = x instanceof PyTuple ? x.items : Array.isArray(x) ? x : null;
      if (pair?.length !== 2 || (pair[0] !== "+" && pair[0] !== "-")) {
        return toId(x);
      }
      return [pair[0], storeValue(p, pair[1]!)];
    });
  }
  if (p.type === "Password" && typeof v === "string") return fromExportText(v);
  return storeValue(p, v);
}

/** A journal row's user, action and link params as Roundup writes them, read without the parser. */
const QUICK_USER = /^'[1-9]\d*'$/;
const QUICK_ACTION = /^'([a-z]+)'$/;
const QUICK_LINK = /^\('([A-Za-z_]\w*)', '([1-9]\d*)', '([A-Za-z_]\w*)'\)$/;

/** Reads the five fields of a journal row; `id` is the item's id. */
export function importJournal(
  cls: ClassDef,
  fields: string[],
): { id: string; entry: JournalEntry } {
  if (fields.length !== 5) {
    fail(
      `expected 5 fields (id, date, user, action, params), found ${fields.length}`,
    );
  }
  const [idText, dateText, userText, actionText, paramsText] = fields as [
    string,
    string,
    string,
    string,
    string,
  ];
  const id = importId(idText);
  const date = quickDate(dateText) ??
    toDate(parsePyLiteral(dateText), dateText);
  const user = QUICK_USER.test(userText)
    ? userText.slice(1, -1)
    : importUser(userText);
  const action = QUICK_ACTION.exec(actionText)?.[1] ??
    parsePyLiteral(actionText);
  if (typeof action !== "string" || !ACTIONS.has(action)) {
    fail(`unknown journal action ${actionText}`);
  }
  if (action === "link" || action === "unlink") {
    const m = QUICK_LINK.exec(paramsText);
    if (m) {
      const entry = { date, user, action, params: [m[1]!, m[2]!, m[3]!] };
      return { id, entry: entry as JournalEntry };
    }
  }
  const raw = action === "create" && paramsText === "{}"
    ? null
    : parsePyLiteral(paramsText);
  let params: unknown = null;
  if (action === "create") params = {};
  else if (action === "set") {
    if (!(raw instanceof PyDict)) {
      fail(`expected a dict of old values, got ${paramsText}`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of raw.entries) {
      const p = typeof k === "string" ? cls.props.get(k) : undefined;
      if (!p) fail(`class "${cls.name}" has no property ${show(k)}`);
      try {
        out[p.name] = journalParam(p, v);
      } catch (e) {
        if (!(e instanceof InvalidValueError)) throw e;
        fail(`property "${p.name}": ${(e as Error).message}`);
      }
    }
    params = out;
  } else if (action === "link" || action === "unlink") {
    const t = raw instanceof PyTuple
      ? raw.items
      : Array.isArray(raw)
      ? raw
      : null;
    if (t?.length !== 3) {
      fail(`expected (class, id, property), got ${paramsText}`);
    }
    params = [String(t[0]), toId(t[1]!), String(t[2])];
  }
  return {
    id,
    entry: { date, user: user as string, action: action as Action, params },
  };
}
