/** `/user?@template=forgotten` and `@action=passrst` (ask for the link; follow it; set the password). */
import type { Ctx } from "../server/context.ts";
import { csrfProblem, issueCsrfToken } from "../server/csrf.ts";
import { statusOf } from "../server/errors.ts";
import { field, type FormData } from "../server/form.ts";
import {
  finishPasswordReset,
  startPasswordReset,
} from "../server/password_reset.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";

const LINK_GONE =
  "Cannot reset the password: the link is unknown, expired or was already used; ask for a new one below";

/** The form asking for a username or address, or (with `otk`) for the new password. */
export async function forgottenPage(
  c: Ctx,
  opts: { otk?: string; error?: string } = {},
) {
  const f = await frameFor(c, { error: opts.error });
  const base = c.get("base");
  return html(
    c,
    <Layout
      f={f}
      title={opts.otk ? "Choose a new password" : "Lost your login?"}
    >
      <form method="post" action={`${base}/user`}>
        {opts.otk
          ? (
            <p>
              <label>
                New password <input type="password" name="password" required />
              </label>{" "}
              <label>
                again{" "}
                <input type="password" name="@confirm@password" required />
              </label>
              <input type="hidden" name="otk" value={opts.otk} />
            </p>
          )
          : (
            <p>
              <label>
                Username or email address{" "}
                <input type="text" name="username" required />
              </label>
            </p>
          )}
        <input type="hidden" name="@action" value="passrst" />
        <input type="hidden" name="@csrf" value={await issueCsrfToken(c)} />
        <p>
          <button type="submit">
            {opts.otk ? "Set password" : "Send me a link"}
          </button>
        </p>
      </form>
    </Layout>,
  );
}

/** GET with `otk`: the new-password form; POST: send the link, or set the password. */
export async function passrstAction(c: Ctx, form: FormData): Promise<Response> {
  const base = c.get("base");
  if (c.req.method !== "POST") {
    const otk = c.req.query("otk") ?? "";
    // An old or used link says so at once, not after a new password was typed twice.
    if (!(await c.get("sessions").hasKey(otk, "passrst"))) {
      return await forgottenPage(c, { error: LINK_GONE });
    }
    return await forgottenPage(c, { otk });
  }
  const otk = field(form, "otk");
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await forgottenPage(c, { otk, error: problem });
  try {
    const t = c.get("tracker");
    if (otk) {
      const password = field(form, "password") ?? "";
      if (password !== field(form, "@confirm@password")) {
        return await forgottenPage(c, {
          otk,
          error: "Cannot set the password: the two passwords do not match",
        });
      }
      await finishPasswordReset(t, c.get("sessions"), otk, password);
      return c.redirect(
        `${base}/?${new URLSearchParams({
          "@ok_message": "Password changed: log in with the new password",
        })}`,
        302,
      );
    }
    // Roundup's page has two forms, "username" and "address"; either names the user.
    const who = field(form, "username") || field(form, "address") || "";
    await startPasswordReset(t, c.get("sessions"), who);
    const msg =
      "If that user exists and has an address, a mail with a link to reset the password is on its way";
    return c.redirect(
      `${base}/?${new URLSearchParams({ "@ok_message": msg })}`,
      302,
    );
  } catch (e) {
    const s = statusOf(e);
    if (!s || s.status === 403) throw e;
    return await forgottenPage(c, { otk, error: s.message });
  }
}
