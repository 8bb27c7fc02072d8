/** `export [[-]class[,class]] export_dir`: the tracker's items, journals and files in Roundup's format. */
import type { AdminCommand } from "../types.ts";
import { runExport } from "../transfer/mod.ts";

export const command: AdminCommand = {
  name: "export",
  usage: "export [[-]class[,class]] export_dir",
  help: `Export the database and the content of files to a directory.

Writes one colon-separated file per class (class.csv) with its journal in
class-journals.csv, and the content of FileClass items (msg, file) under
class-files/. The first argument limits the export to the named classes, or
with a leading "-" leaves the named classes out. A real Roundup tracker can
import the result; use exporttables to leave out the file content.

EXAMPLES:
  export /backup/tracker-export
  export issue,msg,file /tmp/issues
  export -msg,file /tmp/no-messages`,
  run: (args, ctx) => runExport(args, ctx, true),
};
