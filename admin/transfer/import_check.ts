/**
 * The first pass of import: reads the whole export as a stream and checks it without writing.
 * Memory grows with the number of items (their ids, and the keys of classes with a key), never
 * with the size of the files.
 */
import { join } from "node:path";
import {
  type ClassDef,
  CreationLinks,
  type Db,
  type ItemRecord,
  keyValueBytes,
  MAX_KEY_VALUE_BYTES,
  NotFoundError,
} from "../../store/mod.ts";
import { contentPath } from "./export_codec.ts";
import { ImportRefs } from "./import_refs.ts";
import {
  checkJournalsAside,
  type JournalCheck,
  type JournalFile,
} from "./journal_check.ts";
import { ExportFileError, readCsv } from "./roundup_csv.ts";
import {
  type Column,
  indexedText,
  readHeader,
  readItem,
  writesBound,
  writesOf,
} from "./import_rows.ts";

/** At most this many KV writes go into one commit of the writing pass (KV allows 1,000). */
export const MAX_WRITES = 950;

/** One class of the export, checked. */
export interface ClassPlan {
  def: ClassDef;
  csv: string;
  journal: string | null;
  /** Highest id in the file (at least 1, as Roundup counts). */
  maxId: number;
  items: number;
  entries: number;
}

/** A checked export, ready to be written. */
export interface ImportPlan {
  dir: string;
  files: boolean;
  classes: ClassPlan[];
  /** Which journal rows of creation links go into the index instead (store/link_notes.ts). */
  links: CreationLinks;
}

class Checker {
  refs = new ImportRefs();
  constructor(readonly db: Db, readonly dir: string, readonly files: boolean) {}
}

/** Pass one: every class exists, every header names properties, every value parses, ids are unique,
 * links and journal entries point at items in the export or the tracker, keys stay unique, content
 * files exist and fit. Throws the first problem found, naming file and line; writes nothing. */
export async function checkExport(
  db: Db,
  dir: string,
  files: boolean,
): Promise<ImportPlan> {
  const order = linkOrder(db, await exportedClasses(db, dir));
  const c = new Checker(db, dir, files);
  const journals: JournalFile[] = [];
  for (const cls of order) {
    const path = join(dir, `${cls}-journals.csv`);
    if (await Deno.stat(path).then(() => true, () => false)) {
      journals.push({ cls, path });
    }
  }
  // The journals are checked aside while the class files are checked here.
  const run = checkJournalsAside(db.schema, journals);
  const classes: ClassPlan[] = [];
  try {
    for (const cls of order) {
      const journal = journals.find((j) => j.cls === cls)?.path ?? null;
      classes.push(await checkClass(c, db.cls(cls).def, journal));
    }
  } catch (e) {
    run.cancel();
    throw e;
  }
  const checked = await run.result();
  for (const f of checked.files) {
    classes.find((cp) => cp.def.name === f.cls)!.entries = f.entries;
    needJournalled(c, f);
  }
  await c.refs.checkAgainst(db);
  return { dir, files, classes, links: new CreationLinks(checked.links) };
}

/** Items with journal rows but not in the class file must already be in the tracker. */
function needJournalled(c: Checker, f: JournalCheck["files"][number]): void {
  const ids = c.refs.ids.get(f.cls)!;
  for (let i = 0; i < f.ids.length; i++) {
    const id = f.ids[i]!;
    if (ids.has(id)) continue;
    const line = f.lines[i]!;
    c.refs.need(f.cls, String(id), () => `${f.cls}-journals.csv line ${line}`);
  }
}

async function exportedClasses(db: Db, dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (!e.name.endsWith(".csv") || e.name.endsWith("-journals.csv")) {
        continue;
      }
      const name = e.name.slice(0, -4);
      if (!db.schema.classes.has(name)) {
        throw new NotFoundError(`${e.name}: no such class "${name}"`);
      }
      names.push(name);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new NotFoundError(`Cannot import "${dir}": no such directory`);
    }
    throw e;
  }
  return names.sort();
}

/** Classes ordered so that link targets come first where possible (fewer ids to look up later). */
function linkOrder(db: Db, names: string[]): string[] {
  const wanted = new Set(names);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const p of db.cls(name).def.props.values()) {
      if (p.class && p.class !== name && wanted.has(p.class)) visit(p.class);
    }
    out.push(name);
  };
  for (const n of names) visit(n);
  return out;
}

async function checkClass(
  c: Checker,
  def: ClassDef,
  journal: string | null,
): Promise<ClassPlan> {
  const csv = join(c.dir, `${def.name}.csv`);
  const ids = new Set<number>();
  c.refs.ids.set(def.name, ids);
  const keyed = def.key ? new Map<string, [string | null, string]>() : null;
  if (keyed) c.refs.keyed.set(def.name, keyed);
  const liveKeys = new Map<string, string>();
  let cols: Column[] | null = null;
  let maxId = 1;
  let items = 0;
  for await (const rows of readCsv(csv)) {
    for (const row of rows) {
      if (!cols) {
        cols = readHeader(def, csv, row);
        continue;
      }
      const rec = readItem(def, cols, csv, row);
      const fail = (why: string) => new ExportFileError(csv, row.line, why);
      const n = Number(rec.id);
      if (ids.has(n)) throw fail(`${def.name}${rec.id} appears twice`);
      ids.add(n);
      maxId = Math.max(maxId, n);
      items++;
      for (const p of def.props.values()) {
        if (!p.class) continue;
        const v = rec.values[p.name];
        const targets = p.type === "Link"
          ? (v == null ? [] : [v as string])
          : (v as string[]);
        for (const t of targets) {
          c.refs.need(
            p.class,
            t,
            () => `${def.name}.csv line ${row.line}: property "${p.name}"`,
          );
        }
      }
      if (keyed) {
        const key = rec.values[def.key!];
        if (!rec.retired) {
          if (typeof key !== "string" || key === "") {
            throw fail(
              `key property "${def.key}" of ${def.name}${rec.id} is empty`,
            );
          }
          // Checked here, or the writing pass would stop half-way.
          if (keyValueBytes(key) > MAX_KEY_VALUE_BYTES) {
            throw fail(
              `key property "${def.key}" of ${def.name}${rec.id} is ${
                keyValueBytes(key)
              } bytes long; key values may be at most ${MAX_KEY_VALUE_BYTES} bytes`,
            );
          }
          const other = liveKeys.get(key);
          if (other) {
            throw fail(
              `${def.key} "${key}" is used by both ${def.name}${other} and ${def.name}${rec.id}`,
            );
          }
          liveKeys.set(key, rec.id);
        }
        keyed.set(rec.id, [
          rec.retired ? null : key as string,
          `${def.name}.csv line ${row.line}`,
        ]);
      }
      const file = c.files && def.base === "FileClass"
        ? checkContent(c, def, rec, fail)
        : null;
      // Words are read only when there may be too many of them.
      if (writesBound(def, rec, file?.size) <= MAX_WRITES) continue;
      const content = file
        ? indexedText(def, rec.values, await Deno.readFile(file.path))
        : undefined;
      const writes = writesOf(def, rec, { content, size: file?.size });
      if (writes > MAX_WRITES) {
        throw fail(
          `${def.name}${rec.id} is too big to import: it needs ${writes} writes in one commit and at most ${MAX_WRITES} fit`,
        );
      }
    }
  }
  if (!cols) {
    throw new ExportFileError(
      csv,
      1,
      "the file is empty; expected a header row",
    );
  }
  return {
    def,
    csv,
    journal,
    maxId,
    items,
    entries: 0,
  };
}

/** The content file exists and fits; returns its path and size. */
function checkContent(
  c: Checker,
  def: ClassDef,
  rec: ItemRecord,
  fail: (why: string) => Error,
): { path: string; size: number } {
  const rel = contentPath(def.name, rec.id);
  const path = join(c.dir, rel);
  let size: number;
  try {
    size = Deno.statSync(path).size;
  } catch {
    throw fail(
      `the content of ${def.name}${rec.id} is missing: no file ${rel}`,
    );
  }
  const max = c.db.core.maxContentSize;
  if (size > max) {
    throw fail(
      `the content of ${def.name}${rec.id} has ${size} bytes and the limit is ${max} (raise max_file_size in config.ini)`,
    );
  }
  return { path, size };
}
