import { BACKENDS } from "../../tracker/home.ts";
import { TEMPLATES } from "../../templates/mod.ts";
import { commandHelp } from "../format.ts";
import type { AdminCommand, AdminContext } from "../types.ts";

const ABBREVIATIONS =
  `A command may be shortened to any beginning that fits no other
command: l, li and lis all mean list.`;

/** The command list `help commands` prints. */
export function commandList(commands: readonly AdminCommand[]): string {
  const lines = commands.map((c) => ` ${c.usage}`).sort();
  return `Commands: \n${lines.join("\n")}\n${ABBREVIATIONS}\n\n`;
}

/** The text `-h` prints (after "Problem: …" for a bad option), followed by the command list. */
export function usageText(
  commands: readonly AdminCommand[],
  problem?: string,
): string {
  const head = problem ? `Problem: ${problem}\n\n` : "";
  return `${head}Usage: roundup-admin [options] [<command> <arguments>]

Options:
 -i instance home  -- the tracker home to work on (default: $TRACKER_HOME)
 -u                -- log in as user[:password] (default: $ROUNDUP_LOGIN, else admin)
 -d                -- print designators (issue12) instead of bare ids
 -c                -- print lists on one line, separated by commas;
                      the same as -S ","
 -S <string>       -- print lists on one line, separated by <string>
 -s                -- print lists on one line, separated by spaces;
                      the same as -S " "
 -P pragma=value   -- set a pragma before running, as the pragma command
                      does; may be given more than once
 -V                -- report progress while importing and exporting
 -v                -- print the version and exit

 -c, -s and -S exclude each other.

Help:
 roundup-admin -h
 roundup-admin help                       -- this help
 roundup-admin help <command>             -- help on one command
 roundup-admin help all                   -- every help text
${commandList(commands)}`;
}

const GENERAL = `
Every command except help, templates and genconfig works on a tracker:
the directory holding its configuration and database, given with -i or
in the TRACKER_HOME environment variable (you are asked for it
otherwise).

A designator names an item: its class name followed by its id, like
issue12 or user10.

Property values are written and printed as text:
 . Strings are taken as they are.
 . Numbers look like 3 or -1.5; Booleans are yes/no, true/false, on/off
   or 1/0.
 . Dates are printed in full, like 2000-06-24.13:03:59, in the user's
   timezone, and may be given in full or shortened: 2000-04-17,
   01-25 (this year), 2000-04-17.03:45, 14:25 (today), "." for now,
   or relative like -2d or "2003-02-10 + 1m".
 . Intervals look like 3y, 2y 1m, 2w 3d, 1d 2:50 or 0:04:33.
 . A Link is printed as an id; give an id, a designator or the key
   value of the linked item (a user name, a status name).
 . A Multilink is printed as a list of ids; give ids, designators or
   key values separated by commas, +name to add and -name to remove.
 . An empty value (property=) unsets a property.

To put spaces in a value, quote it with ' or ", or put a backslash
before the space. A backslash also escapes a quote; \\n, \\r and \\t
stand for a newline, a carriage return and a tab:
           hello world      (two tokens: hello and world)
           "hello world"    (one token: hello world)
           address="1 2 3"  (one token: address=1 2 3)

get and set work on every item named. When get or find print several
results they come one per line, or on one line with -c, -s or -S.

Changes are made as the user given with -u user[:password] or in
ROUNDUP_LOGIN, and need that user's permissions; without either, as
the admin.

Command help:
`;

export const command: AdminCommand = {
  name: "help",
  usage: "help topic",
  help: `Show help on a topic.

commands  -- list the commands
<command> -- help on one command
initopts  -- the templates and back ends install offers
all       -- all the help there is`,
  run(args, ctx) {
    return Promise.resolve(showHelp(args[0] ?? "help", ctx));
  },
};

function showHelp(topic: string, ctx: AdminContext): number {
  const out = (t: string) => ctx.io.out(t);
  if (topic === "commands") out(commandList(ctx.commands));
  else if (topic === "initopts") {
    out(
      `Templates: ${Object.keys(TEMPLATES).join(", ")}\nBack ends: ${
        BACKENDS.join(", ")
      }\n`,
    );
  } else if (topic === "all") {
    out(GENERAL + "\n");
    for (const c of ctx.commands) {
      out(
        `${c.name}:\n    ${
          commandHelp(c).trimEnd().replaceAll("\n", "\n    ")
        }\n`,
      );
    }
  } else {
    const exact = ctx.commands.find((c) => c.name === topic);
    const matches = exact
      ? [exact]
      : ctx.commands.filter((c) => c.name.startsWith(topic));
    if (!matches.length) {
      out(`No help on "${topic}": "help commands" lists the commands\n`);
      return 1;
    }
    for (const c of matches) out(commandHelp(c));
  }
  return 0;
}
