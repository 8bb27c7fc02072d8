/** Password properties: plain text is hashed; an already hashed "{scheme}data" value is kept. */
import { InvalidValueError } from "../errors.ts";
import { hashPassword, PASSWORD_SCHEMES } from "../password.ts";
import { type PropKindParser, propLabel } from "./context.ts";

const STORED = /^\{(\w+)\}(.+)$/s;

export const passwordKind: PropKindParser = {
  async parse(raw, ctx) {
    const m = STORED.exec(raw);
    if (!m) return await hashPassword(raw, ctx.hash);
    if (!(PASSWORD_SCHEMES as readonly string[]).includes(m[1]!)) {
      throw new InvalidValueError(
        `Cannot set ${propLabel(ctx)}: unknown password scheme "${
          m[1]
        }"; known schemes are ${PASSWORD_SCHEMES.join(", ")}`,
      );
    }
    return raw;
  },
};
