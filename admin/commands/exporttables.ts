/** `exporttables [[-]class[,class]] export_dir`: like export, without the content of files. */
import type { AdminCommand } from "../types.ts";
import { runExport } from "../transfer/mod.ts";

export const command: AdminCommand = {
  name: "exporttables",
  usage: "exporttables [[-]class[,class]] export_dir",
  help: `Export the database to a directory, without the content of files.

Writes the same class.csv and class-journals.csv files as export, but not
the class-files/ directories with the content of msg and file items. The
first argument limits or (with a leading "-") excludes classes.

EXAMPLES:
  exporttables /backup/tables
  exporttables -query /backup/tables`,
  run: (args, ctx) => runExport(args, ctx, false),
};
