/** Number properties: a decimal number such as "3", "-1.5" or "2e3". */
import { badValue, type PropKindParser } from "./context.ts";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export const numberKind: PropKindParser = {
  parse(raw, ctx) {
    const text = raw.trim();
    const n = Number(text);
    if (!NUMBER.test(text) || !Number.isFinite(n)) {
      throw badValue(ctx, raw, "expected a number like 3, -1.5 or 2e3");
    }
    return n;
  },
};
