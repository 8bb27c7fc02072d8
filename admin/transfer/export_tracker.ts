/**
 * Writing a tracker out in Roundup's export format: per class `class.csv` (a header of the
 * sorted property names plus "is retired", then one row per item, retired ones included),
 * `class-journals.csv` (id, date, user, action, params per journal entry) and, unless
 * tables only, FileClass content under `class-files/N/classID` (N = id / 1000).
 */
import { dirname, join } from "node:path";
import type { ClassDef, Db, ItemRecord } from "../../store/mod.ts";
import { CsvWriter } from "./roundup_csv.ts";
import { contentPath, exportField, exportPropnames } from "./export_codec.ts";
import { exportJournal as exportJournalRow } from "./export_journal.ts";
import { contentOf, scanJournal, scanRecords } from "./export_scan.ts";

/** What to export. */
export interface ExportOptions {
  /** Classes to export, in order (default: all). */
  classes?: string[];
  /** Write FileClass content files too (false for exporttables). */
  files?: boolean;
  /** Called with each message Roundup prints while exporting (a line per class and journal). */
  note?: (text: string) => void;
}

/** Counts of what was written. */
export interface ExportResult {
  items: number;
  entries: number;
}

/** Records of a class with a key, read at once when writing them in key order. */
const READ_AHEAD = 64;

/** Exports classes of `db` into `dir` (created if missing). */
export async function exportTracker(
  db: Db,
  dir: string,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const classes = opts.classes ?? db.classNames();
  const files = opts.files ?? true;
  await Deno.mkdir(dir, { recursive: true });
  const result: ExportResult = { items: 0, entries: 0 };
  for (const name of classes) {
    const def = db.cls(name).def;
    if (!files && def.base === "FileClass") {
      opts.note?.(`Exporting ${name} WITHOUT the files\r\n`);
    }
    // Both files at once: while one waits for KV, the other formats rows.
    const [items, entries] = await Promise.allSettled([
      exportItems(db, def, { dir, files }),
      exportJournal(db, def, dir),
    ]);
    if (items.status === "rejected") throw items.reason;
    if (entries.status === "rejected") throw entries.reason;
    result.items += items.value;
    result.entries += entries.value;
    opts.note?.(doneLine(`Exporting ${name}`));
    opts.note?.(doneLine("   Writing journals"));
  }
  return result;
}

/** The last line of Roundup's progress display of a part of the export, as it prints it. */
export function doneLine(info: string): string {
  return `${info} done ${" ".repeat(Math.max(0, 75 - info.length - 6))}\n`;
}

/** Items in Roundup's export order: by id, or for a class with a key by key, retired first. */
async function* exportOrder(db: Db, def: ClassDef): AsyncGenerator<ItemRecord> {
  const key = def.key;
  if (!key) {
    yield* scanRecords(db, def.name);
    return;
  }
  const sortable: Array<{ id: string; key: string; live: number }> = [];
  for await (const rec of scanRecords(db, def.name)) {
    const k = rec.values[key];
    sortable.push({
      id: rec.id,
      key: typeof k === "string" ? k : "",
      live: rec.retired ? 0 : 1,
    });
  }
  sortable.sort((a, b) => compareCodePoints(a.key, b.key) || a.live - b.live);
  const h = db.cls(def.name);
  for (let i = 0; i < sortable.length; i += READ_AHEAD) {
    const batch = await Promise.all(
      sortable.slice(i, i + READ_AHEAD).map((s) => h.record(s.id)),
    );
    for (const rec of batch) if (rec) yield rec;
  }
}

/** Python's string order (by code point), which differs from JS's for characters above U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

async function exportItems(
  db: Db,
  def: ClassDef,
  o: { dir: string; files: boolean },
): Promise<number> {
  const names = exportPropnames(def);
  const props = names.map((p) => def.props.get(p));
  const out = await CsvWriter.create(join(o.dir, `${def.name}.csv`));
  const withFiles = o.files && def.base === "FileClass";
  const made = new Set<string>();
  let n = 0;
  try {
    await out.write([...names, "is retired"]);
    for await (const rec of exportOrder(db, def)) {
      const row = props.map((p) =>
        p ? exportField(p, rec.values[p.name]) : `'${rec.id}'`
      );
      // Python's True/False, as Roundup's SQL backends write it (its anydbm backend writes 1/0).
      row.push(rec.retired ? "True" : "False");
      out.add(row);
      if (out.full) await out.flush();
      if (withFiles) {
        await writeContent(db, def.name, rec, { dir: o.dir, made });
      }
      n++;
    }
  } finally {
    await out.close();
  }
  return n;
}

async function writeContent(
  db: Db,
  cls: string,
  rec: ItemRecord,
  o: { dir: string; made: Set<string> },
): Promise<void> {
  const path = join(o.dir, contentPath(cls, rec.id));
  const sub = dirname(path);
  if (!o.made.has(sub)) {
    await Deno.mkdir(sub, { recursive: true });
    o.made.add(sub);
  }
  // Small synchronous writes cost a fraction of async ones, and export has nothing else to do.
  Deno.writeFileSync(path, await contentOf(db, cls, rec));
}

async function exportJournal(
  db: Db,
  def: ClassDef,
  dir: string,
): Promise<number> {
  const out = await CsvWriter.create(join(dir, `${def.name}-journals.csv`));
  let n = 0;
  try {
    for await (const { id, entry } of scanJournal(db, def.name)) {
      out.add(exportJournalRow(def, id, entry));
      if (out.full) await out.flush();
      n++;
    }
  } finally {
    await out.close();
  }
  return n;
}
