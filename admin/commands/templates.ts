import { TEMPLATES } from "../../templates/mod.ts";
import type { AdminCommand } from "../types.ts";

/** Wraps text to 70 columns, later lines indented under the first. */
function wrap(text: string, indent: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    const width = lines.length ? 70 - indent.length : 70;
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

export const command: AdminCommand = {
  name: "templates",
  usage: "templates [trace_search]",
  help: `List the templates a tracker can be installed from.

The templates are built into this program, so trace_search has
nothing more to show than their names.`,
  run(args, ctx) {
    let out = "";
    for (const name of Object.keys(TEMPLATES).sort()) {
      const t = TEMPLATES[name]!;
      out += `\nName: ${t.name}\nPath: (built in)\nDesc: ${
        wrap(t.description, "      ")
      }\n\n`;
    }
    if (args[0] === "trace_search") {
      out = "Templates are built in: nothing to search\n" + out;
    }
    ctx.io.out(out);
    return Promise.resolve(0);
  },
};
