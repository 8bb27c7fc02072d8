/** Integer properties: a whole number such as "42" or "-7". */
import { badValue, type PropKindParser } from "./context.ts";

export const integerKind: PropKindParser = {
  parse(raw, ctx) {
    const text = raw.trim();
    const n = Number(text);
    if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(n)) {
      throw badValue(ctx, raw, "expected a whole number like 42 or -7");
    }
    return n;
  },
};
