import { UsageError } from "../../cli.ts";
import { InvalidValueError } from "../../store/mod.ts";
import {
  initialiseTracker,
  isInitialised,
  isTrackerHome,
  openTracker,
} from "../../tracker/home.ts";
import type { AdminCommand, AdminContext } from "../types.ts";

async function askPassword(ctx: AdminContext): Promise<string> {
  for (;;) {
    const pw = await ctx.io.readLine("Admin Password: ");
    const again = pw === null
      ? null
      : await ctx.io.readLine("       Confirm: ");
    if (pw === null || again === null) {
      throw new UsageError("No admin password given");
    }
    if (pw === again) return pw;
  }
}

export const command: AdminCommand = {
  name: "initialise",
  usage: "initialise [adminpw]",
  help: `Create the database of an installed tracker.

The database starts with the template's initial items (statuses,
priorities, the admin and anonymous users). The admin user gets the
password given, or the one you are asked for (twice).

If the tracker already has a database you are asked whether to
erase it: everything in it is lost. Answering y erases it; anything
else keeps it and does nothing.`,
  async run(args, ctx) {
    const password = args.length > 0 ? args[0]! : await askPassword(ctx);
    const home = await ctx.requireHome();
    if (!(await Deno.stat(home).then(() => true, () => false))) {
      throw new UsageError(`The tracker home "${home}" does not exist`);
    }
    if (!(await isTrackerHome(home))) {
      throw new UsageError(
        `No tracker is installed in "${home}": run install first`,
      );
    }
    // Opened without the -u login: a new database has no users yet.
    ctx.close();
    const tracker = await openTracker(home, { now: ctx.now });
    try {
      if (await isInitialised(tracker)) {
        const answer = await ctx.io.readLine(
          "WARNING: The database is already initialised!\nInitialising it again deletes all its data.\nErase it? Y/N: ",
        );
        if (answer?.trim().toLowerCase() !== "y") return 0;
      }
      await initialiseTracker(tracker, password);
    } catch (e) {
      if (e instanceof InvalidValueError) throw new UsageError(e.message);
      throw e;
    } finally {
      tracker.close();
    }
    return 0;
  },
};
