/**
 * Multilink properties: a comma list of ids, key values or designators replaces the value;
 * "+x" adds to and "-x" removes from the current value ("nosy=+fred,-jim"), as in Roundup.
 */
import type { PropKindParser } from "./context.ts";
import { resolveLink } from "./link.ts";

export const multilinkKind: PropKindParser = {
  async parse(raw, ctx) {
    const current = Array.isArray(ctx.current)
      ? (ctx.current as string[]).map(String)
      : [];
    const named: string[] = [];
    let edit = false;
    for (const part of raw.split(",")) {
      let item = part.trim();
      if (!item) continue;
      const op = item[0] === "-" || item[0] === "+" ? item[0] : "";
      if (op) {
        edit = true;
        item = item.slice(1).trim();
      }
      const id = await resolveLink(item, ctx);
      if (op === "-") {
        const at = current.indexOf(id);
        if (at >= 0) current.splice(at, 1);
        continue;
      }
      named.push(id);
      if (!current.includes(id)) current.push(id);
    }
    const ids = edit ? current : named;
    return [...new Set(ids)].sort((a, b) => Number(a) - Number(b));
  },
};
