/**
 * @module
 * Roundup's export format both ways: `export`/`exporttables` write a tracker out as per-class
 * colon-separated files, journals and FileClass content, and `import`/`importtables` check such
 * an export (ours or a real Roundup's) whole before writing it. Large files are read in workers,
 * all started from the one module worker.ts.
 */
export { runExport } from "./export_command.ts";
export { runImport } from "./import_command.ts";
export {
  type ExportOptions,
  type ExportResult,
  exportTracker,
} from "./export_tracker.ts";
export { type ImportResult, importTracker } from "./import_tracker.ts";
/** A file of an export that cannot be read or written (reported as the user's to fix). */
export { ExportFileError } from "./roundup_csv.ts";
