/** `@action=login` (with `__login_name`, `__login_password`, `__came_from`) and `@action=logout`. */
import type { Ctx } from "../server/context.ts";
import { csrfProblem } from "../server/csrf.ts";
import { HttpError } from "../server/errors.ts";
import { field, type FormData } from "../server/form.ts";
import { checkedLogin, endSession, startSession } from "../server/session.ts";
import { LoginError } from "../server/actor.ts";
import { homePage } from "./home.tsx";

/** Where to go after login: `__came_from` when it is a path on this tracker, else home. */
function cameFrom(c: Ctx, raw: string | undefined): URL {
  const base = c.get("base");
  const url = new URL(c.req.url);
  try {
    const to = new URL(raw ?? "", url);
    if (to.origin === url.origin && to.pathname.startsWith(`${base}/`)) {
      to.searchParams.delete("@error_message");
      to.searchParams.delete("@ok_message");
      return to;
    }
  } catch {
    // fall through to the home page
  }
  return new URL(`${base}/`, url);
}

/** Logs in and redirects to `__came_from` with a welcome; the home page with the error otherwise. */
export async function loginAction(c: Ctx, form: FormData): Promise<Response> {
  if (c.req.method !== "POST") {
    throw new HttpError(
      400,
      "Cannot log in with a GET request: post the login form",
    );
  }
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await homePage(c, { error: problem });
  const name = (field(form, "__login_name") ?? "").trim();
  try {
    const actor = await checkedLogin(
      c,
      name,
      field(form, "__login_password") ?? "",
    );
    if (!(await actor.may("Web Access"))) {
      return await homePage(c, {
        error:
          `Cannot log in as "${name}": the user may not use the web interface`,
      });
    }
    await startSession(c, actor);
    const to = cameFrom(c, field(form, "__came_from"));
    to.searchParams.set("@ok_message", `Welcome ${actor.name}!`);
    return c.redirect(to.pathname + to.search, 302);
  } catch (e) {
    if (e instanceof LoginError) {
      // Roundup does not say which of name or password was wrong.
      return await homePage(c, { error: "Invalid login" });
    }
    if (e instanceof HttpError && e.status === 429) {
      return await homePage(c, { error: e.message }, 429);
    }
    throw e;
  }
}

/** Ends the session and shows the home page as anonymous. */
export async function logoutAction(c: Ctx): Promise<Response> {
  await endSession(c);
  const to = new URL(`${c.get("base")}/`, c.req.url);
  to.searchParams.set("@ok_message", "You are logged out");
  return c.redirect(to.pathname + to.search, 302);
}
