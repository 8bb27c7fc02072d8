/**
 * @module
 * Roundup's export format both ways: `export`/`exporttables` write a tracker out as per-class
 * colon-separated files, journals and FileClass content, and `import`/`importtables` check such
 * an export (ours or a real Roundup's) whole before writing it. Large files are read in workers,
 * all started from the one module worker.ts.
 */
/** Runs `export` (with files) or `exporttables` (without). */
export { runExport } from "./export_command.ts";
/** Runs `import` (with files) or `importtables` (without). */
export { runImport } from "./import_command.ts";
/** Writes a tracker out in Roundup's export format. */
export {
  type ExportOptions,
  type ExportResult,
  exportTracker,
} from "./export_tracker.ts";
/** Checks a whole export, then loads it into a tracker. */
export { type ImportResult, importTracker } from "./import_tracker.ts";
/** A file of an export that cannot be read or written (reported as the user's to fix). */
export { ExportFileError } from "./roundup_csv.ts";
