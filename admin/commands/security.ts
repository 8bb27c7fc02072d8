import { InvalidValueError, NotFoundError } from "../../store/mod.ts";
import type { AdminCommand } from "../types.ts";

export const command: AdminCommand = {
  name: "security",
  usage: "security [Role name]",
  help: `List the permissions of one role, or of every role.

Without a role name, the roles new web and mail users get are shown
first. A permission limited to some properties is checked against
its class: a property the class does not have is reported (and the
command fails), so run this after editing the permissions to catch
typing mistakes.`,
  async run(args, ctx) {
    const t = await ctx.tracker();
    const roles = (section: string, name: string) => {
      try {
        return t.config.get(section, name);
      } catch (e) {
        if (!(e instanceof InvalidValueError)) throw e;
        return undefined;
      }
    };
    let text: string;
    try {
      text = t.security.formatSecurity(args[0], {
        newWebUserRoles: roles("main", "new_web_user_roles"),
        newEmailUserRoles: roles("main", "new_email_user_roles"),
      });
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      ctx.io.out(`There is no role "${args[0]}"\n`);
      return 1;
    }
    ctx.io.out(text);
    return text.includes("**Invalid properties") ? 1 : 0;
  },
};
