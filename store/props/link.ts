/** Link properties: an id ("3"), a key value ("admin"), a designator ("user3"), or "-1" for none. */
import { NotFoundError } from "../errors.ts";
import {
  type ParseContext,
  type PropKindParser,
  propLabel,
} from "./context.ts";

const ID = /^\d+$/;
const DESIGNATOR = /^([A-Za-z_][A-Za-z_0-9]*?)(\d+)$/;

/** Resolves one name of an item of the property's target class to its id. */
export async function resolveLink(
  name: string,
  ctx: ParseContext,
): Promise<string> {
  const target = ctx.prop.class!;
  const def = ctx.schema.classes.get(target);
  let id: string | null = null;
  // Leading zeros go, and long ids stay as written (Number() would round them).
  if (ID.test(name)) id = name.replace(/^0+(?=\d)/, "");
  else if (def?.key) id = await ctx.lookup(target, name);
  if (id === null) {
    const m = DESIGNATOR.exec(name);
    if (m && m[1] === target) id = m[2]!.replace(/^0+(?=\d)/, "");
  }
  if (id === null) {
    const why = def?.key
      ? `no ${target} has ${def.key} "${name}"`
      : `give an id or a designator: ${target} has no key property`;
    throw new NotFoundError(
      `Cannot set ${propLabel(ctx)} to "${name}": ${why}`,
    );
  }
  if (id === "0" || (ctx.exists && !(await ctx.exists(target, id)))) {
    throw new NotFoundError(
      `Cannot set ${
        propLabel(ctx)
      } to "${name}": ${target}${id} does not exist`,
    );
  }
  return id;
}

export const linkKind: PropKindParser = {
  async parse(raw, ctx) {
    const name = raw.trim();
    if (name === "" || name === "-1") return null;
    return await resolveLink(name, ctx);
  },
};
