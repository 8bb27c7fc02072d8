/** `importtables export_dir`: loads an exporttables export, leaving the content of files alone. */
import type { AdminCommand } from "../types.ts";
import { runImport } from "../transfer/mod.ts";

export const command: AdminCommand = {
  name: "importtables",
  usage: "importtables export_dir",
  help: `Import the database tables written by exporttables.

Like import, but reads no class-files/ directories: msg and file items that
are already in the tracker keep their content, new ones start empty.

EXAMPLES:
  importtables /backup/tables`,
  run: (args, ctx) => runImport(args, ctx, false),
};
