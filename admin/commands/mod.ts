/**
 * @module
 * The table of roundup-admin commands (one file each) and the lookup of a command by any
 * unambiguous prefix of its name.
 */
import type { AdminCommand } from "../types.ts";
import { command as commit } from "./commit.ts";
import { command as create } from "./create.ts";
import { command as display } from "./display.ts";
import { command as export_ } from "./export.ts";
import { command as exporttables } from "./exporttables.ts";
import { command as filter } from "./filter.ts";
import { command as find } from "./find.ts";
import { command as genconfig } from "./genconfig.ts";
import { command as get } from "./get.ts";
import { command as help } from "./help.ts";
import { command as history } from "./history.ts";
import { command as import_ } from "./import.ts";
import { command as importtables } from "./importtables.ts";
import { command as initialise } from "./initialise.ts";
import { command as install } from "./install.ts";
import { command as list } from "./list.ts";
import { command as migrate } from "./migrate.ts";
import { command as pack } from "./pack.ts";
import { command as perftest } from "./perftest.ts";
import { command as pragma } from "./pragma.ts";
import { command as readline } from "./readline.ts";
import { command as reindex } from "./reindex.ts";
import { command as restore } from "./restore.ts";
import { command as retire } from "./retire.ts";
import { command as rollback } from "./rollback.ts";
import { command as security } from "./security.ts";
import { command as set } from "./set.ts";
import { command as specification } from "./specification.ts";
import { command as table } from "./table.ts";
import { command as templates } from "./templates.ts";
import { command as updateconfig } from "./updateconfig.ts";

/** Every command, in alphabetical order. */
export const COMMANDS: readonly AdminCommand[] = [
  commit,
  create,
  display,
  export_,
  exporttables,
  filter,
  find,
  genconfig,
  get,
  help,
  history,
  import_,
  importtables,
  initialise,
  install,
  list,
  migrate,
  pack,
  perftest,
  pragma,
  readline,
  reindex,
  restore,
  retire,
  rollback,
  security,
  set,
  specification,
  table,
  templates,
  updateconfig,
];

/** The commands a name selects: the exact one, else every command it is a prefix of. */
export function findCommands(
  name: string,
  commands: readonly AdminCommand[] = COMMANDS,
): AdminCommand[] {
  const exact = commands.find((c) => c.name === name);
  if (exact) return [exact];
  return commands.filter((c) => c.name.startsWith(name)).sort((
    a,
    b,
  ) => (a.name < b.name ? -1 : 1));
}
