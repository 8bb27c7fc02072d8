/** `import import_dir`: loads an export (ours or a real Roundup's) into the tracker. */
import type { AdminCommand } from "../types.ts";
import { runImport } from "../transfer/mod.ts";

export const command: AdminCommand = {
  name: "import",
  usage: "import import_dir",
  help: `Import a database and the content of files from a directory.

The directory holds what export wrote, here or in a real Roundup tracker:
class.csv and class-journals.csv per class and the content of files under
class-files/. Items keep their ids, creators, dates, retired flags, journals
and password hashes; an item whose id is already in the tracker is replaced.
The whole export is checked first, and nothing is written if any file, line
or value is wrong. To move a tracker, import into a freshly installed one
before initialising it.

EXAMPLES:
  import /backup/tracker-export`,
  run: (args, ctx) => runImport(args, ctx, true),
};
