import { dirname, join, resolve } from "node:path";
import { UsageError } from "../../cli.ts";
import { TEMPLATES } from "../../templates/mod.ts";
import {
  CONFIG_OPTIONS,
  parseConfigIni,
  resolveOptionKey,
} from "../../tracker/config.ts";
import {
  BACKENDS,
  INITIAL_DATA_FILE,
  installTracker,
  isTrackerHome,
  SCHEMA_FILE,
} from "../../tracker/home.ts";
import type { AdminCommand, AdminContext } from "../types.ts";

/** Picks one of `options`: the argument when given, else asked for (an empty answer takes the default). */
async function choose(
  ctx: AdminContext,
  what: { list: string; prompt: string; noun: string },
  options: string[],
  arg: string | undefined,
): Promise<string> {
  const fallback = options[0]!;
  if (arg) {
    if (options.includes(arg)) return arg;
    throw new UsageError(
      `There is no ${what.noun} "${arg}": choose one of ${options.join(", ")}`,
    );
  }
  ctx.io.out(`${what.list}: ${options.join(", ")}\n`);
  for (;;) {
    const answer = (await ctx.io.readLine(`${what.prompt} [${fallback}]: `))
      ?.trim();
    if (!answer) return fallback;
    if (options.includes(answer)) return answer;
  }
}

/** The key=val[,key=val] settings argument, checked against the known options. */
function settingsOf(arg: string | undefined): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const item of arg ? arg.split(",") : []) {
    const eq = item.indexOf("=");
    if (eq < 1) {
      throw new UsageError(
        `Cannot read the setting "${item}": expected name=value, like tracker_web=http://x/`,
      );
    }
    const key = item.slice(0, eq);
    try {
      resolveOptionKey(key);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    settings[key] = item.slice(eq + 1);
  }
  return settings;
}

async function unsetOptions(home: string): Promise<string[]> {
  const config = parseConfigIni(
    await Deno.readTextFile(join(home, "config.ini")),
    { home },
  );
  const bySection = new Map<string, string[]>();
  for (const o of CONFIG_OPTIONS) {
    if (!o.required || config.has(o.section, o.name)) continue;
    if (o.section === "mail" && o.name === "password") continue;
    bySection.set(o.section, [...(bySection.get(o.section) ?? []), o.name]);
  }
  return [...bySection].map(([s, names]) => `   [${s}]: ${names.join(", ")}`);
}

export const command: AdminCommand = {
  name: "install",
  usage: "install [template [backend [key=val[,key=val]]]]",
  help: `Install a new tracker in the tracker home.

The tracker home comes from -i or TRACKER_HOME (you are asked for
it otherwise). The template (see "help initopts" and templates) and
the back end may follow; when left out, you are asked, and an empty
answer takes the default (classic and kv).

Configuration settings may follow the back end as one argument of
name=value pairs separated by commas, for example
"tracker_web=http://localhost:8080/demo/,mail_domain=example.com";
a name is a section and option joined by "_" (options of [main] go
without a section). Quote the argument when a value holds spaces.

Run initialise afterwards to create the database. Before that you
may edit config.ini, and schema.json and initial_data.json to change
the schema and the items the database starts with.`,
  async run(args, ctx) {
    const home = resolve(await ctx.requireHome());
    const parent = dirname(home);
    if (!(await Deno.stat(parent).then((s) => s.isDirectory, () => false))) {
      throw new UsageError(
        `Cannot install into "${home}": the directory "${parent}" does not exist`,
      );
    }
    const settings = settingsOf(args[2]);
    if (await isTrackerHome(home)) {
      const answer = await ctx.io.readLine(
        `WARNING: "${home}" already holds a tracker!\nInstalling again deletes all its data.\nErase it? Y/N: `,
      );
      if (answer?.trim().toLowerCase() !== "y") return 0;
      ctx.close();
      await Deno.remove(home, { recursive: true });
    }
    const template = await choose(
      ctx,
      { list: "Templates", prompt: "Select template", noun: "template" },
      ["classic", ...Object.keys(TEMPLATES).filter((t) => t !== "classic")],
      args[0],
    );
    const backend = await choose(
      ctx,
      { list: "Back ends", prompt: "Select backend", noun: "back end" },
      [...BACKENDS],
      args[1],
    );
    await installTracker(home, { template, backend, settings });
    const unset = await unsetOptions(home);
    ctx.io.out(`
---------------------------------------------------------------------------
 Now edit the tracker's configuration file:
   ${join(home, "config.ini")}
${
      unset.length
        ? ` ... these options have no default and must be set:\n${
          unset.join("\n")
        }\n`
        : ""
    }
 To change the database schema, edit:
   ${join(home, SCHEMA_FILE)}
 and to change the items a new database starts with:
   ${join(home, INITIAL_DATA_FILE)}

 Then run the "roundup-admin initialise" command to create the database.
---------------------------------------------------------------------------
`);
    return 0;
  },
};
