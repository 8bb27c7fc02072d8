import { UsageError } from "../../cli.ts";
import type { ClassDef } from "../../store/mod.ts";
import {
  classOf,
  classProps,
  handleOf,
  parseProps,
  propArgs,
} from "../args.ts";
import { capitalize } from "../format.ts";
import type { AdminCommand, AdminContext } from "../types.ts";

async function ask(ctx: AdminContext, prompt: string): Promise<string> {
  const answer = await ctx.io.readLine(prompt);
  if (answer === null) {
    throw new UsageError("Input ended before every property was asked for");
  }
  return answer;
}

/** Asks for each property in turn, as Roundup does when only the class is given. */
async function promptProps(
  ctx: AdminContext,
  def: ClassDef,
): Promise<Array<[string, string]>> {
  const pairs: Array<[string, string]> = [];
  for (const name of await classProps(ctx, def, false)) {
    const type = def.props.get(name)!.type;
    let value: string;
    if (type === "Password") {
      for (;;) {
        value = await ask(ctx, `${capitalize(name)} (Password): `);
        const again = await ask(ctx, `   ${capitalize(name)} (Again): `);
        if (value === again) break;
        ctx.io.out("The two passwords differ, please try again\n");
      }
    } else value = await ask(ctx, `${capitalize(name)} (${type}): `);
    if (value) pairs.push([name, value]);
  }
  return pairs;
}

export const command: AdminCommand = {
  name: "create",
  usage: "create classname property=value ...",
  help: `Create a new item of a class and print its id.

The item gets the property values given as name=value arguments
after the class name. With only the class name, each property is
asked for in turn (leave an answer empty to skip that property).
The key property of the class, if it has one, must be given.`,
  async run(args, ctx) {
    if (args.length < 1) {
      throw new UsageError("Too few arguments: give a class name");
    }
    const def = await classOf(ctx, args[0]!);
    const pairs = args.length === 1
      ? await promptProps(ctx, def)
      : propArgs(args.slice(1));
    const values = await parseProps(ctx, def, pairs, null);
    if (
      def.key && (values[def.key] === null || values[def.key] === undefined)
    ) {
      throw new UsageError(
        `Give the key property "${def.key}" to create a ${def.name}`,
      );
    }
    await ctx.requirePermission("Create", def.name);
    for (const name of Object.keys(values)) {
      await ctx.requirePermission("Create", def.name, { property: name });
    }
    const id = await (await handleOf(ctx, def.name)).create(values);
    ctx.io.out(id + "\n");
    return 0;
  },
};
