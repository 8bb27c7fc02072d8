/** String properties: text as given, with CR LF and CR line ends made LF (file content kept as is). */
import type { PropKindParser } from "./context.ts";

export const stringKind: PropKindParser = {
  parse(raw, ctx) {
    if (ctx.prop.name === "content" && ctx.cls.base === "FileClass") return raw;
    return raw.replace(/\r\n?/g, "\n");
  },
};
