/**
 * The first pass of import: reads the whole export as a stream and checks it without writing.
 * Memory grows with the number of items (their ids, and the keys of classes with a key), never
 * with the size of the files.
 */
import { join } from "node:path";
import {
  type ClassDef,
  type Db,
  type ItemRecord,
  NotFoundError,
} from "../store/mod.ts";
import { contentPath } from "./export_codec.ts";
import { ImportRefs } from "./import_refs.ts";
import { CreationLinks } from "./import_links.ts";
import { importJournal } from "./export_journal.ts";
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
  /** Which journal rows of creation links go into the index instead (import_links.ts). */
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
  const names = await exportedClasses(db, dir);
  const c = new Checker(db, dir, files);
  const classes: ClassPlan[] = [];
  for (const name of linkOrder(db, names)) {
    classes.push(await checkClass(c, db.cls(name).def));
  }
  const links = new CreationLinks(
    db,
    classes.map((cp) => ({ name: cp.def.name, maxId: cp.maxId })),
  );
  for (const cp of classes) {
    if (cp.journal) cp.entries = await checkJournal(c, cp, links);
  }
  await c.refs.checkAgainst(db);
  links.settle();
  return { dir, files, classes, links };
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

async function checkClass(c: Checker, def: ClassDef): Promise<ClassPlan> {
  const csv = join(c.dir, `${def.name}.csv`);
  const journal = join(c.dir, `${def.name}-journals.csv`);
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
  const hasJournal = await Deno.stat(journal).then(() => true, () => false);
  return {
    def,
    csv,
    journal: hasJournal ? journal : null,
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

async function checkJournal(
  c: Checker,
  cp: ClassPlan,
  links: CreationLinks,
): Promise<number> {
  const path = cp.journal!;
  const ids = c.refs.ids.get(cp.def.name)!;
  links.startJournal(cp.def.name);
  let n = 0;
  for await (const rows of readCsv(path)) {
    for (const row of rows) {
      let id: string;
      try {
        const e = importJournal(cp.def, row.fields);
        id = e.id;
        links.note(cp.def.name, id, e.entry);
      } catch (e) {
        throw new ExportFileError(path, row.line, (e as Error).message, e);
      }
      if (!ids.has(Number(id))) {
        c.refs.need(
          cp.def.name,
          id,
          () => `${cp.def.name}-journals.csv line ${row.line}`,
        );
      }
      n++;
    }
  }
  return n;
}
