/** `/user?@template=register`, `@action=register` and `?@action=confrego&otk=KEY`. */
import type { Ctx } from "../server/context.ts";
import { actorFor, anonymousActor } from "../server/actor.ts";
import { csrfProblem, issueCsrfToken } from "../server/csrf.ts";
import { statusOf } from "../server/errors.ts";
import { field, type FormData, parseItemForm } from "../server/form.ts";
import {
  checkRegistrationDelay,
  confirmRegistration,
  createRegisteredUser,
  registrationFormKey,
  startRegistration,
} from "../server/registration.ts";
import { frameFor, html } from "../server/render.ts";
import { startSession } from "../server/session.ts";
import { Layout } from "./_layout.tsx";

const FIELDS = [
  "realname",
  "username",
  "password",
  "address",
  "phone",
  "organisation",
  "timezone",
];

/** The registration form. */
export async function registerPage(
  c: Ctx,
  refused?: { form: FormData; error: string },
) {
  const t = c.get("tracker");
  await c.get("actor").require("Register", "user");
  const user = t.schema.classes.get("user")!;
  const names = FIELDS.filter((n) => user.props.has(n));
  const v = (n: string) =>
    refused && n !== "password" ? field(refused.form, n) ?? "" : "";
  const f = await frameFor(c, { error: refused?.error });
  return html(
    c,
    <Layout f={f} title="Register">
      <form method="post" action={`${c.get("base")}/user`}>
        <table class="form">
          <tbody>
            {names.map((n) => (
              <tr>
                <th>
                  <label for={`r-${n}`}>{n}</label>
                </th>
                <td>
                  {n === "password"
                    ? (
                      <>
                        <input
                          type="password"
                          id={`r-${n}`}
                          name={n}
                          required
                        />{" "}
                        <label>
                          again{" "}
                          <input
                            type="password"
                            id="r-confirm"
                            name="@confirm@password"
                            required
                          />
                        </label>
                      </>
                    )
                    : (
                      <input
                        type="text"
                        id={`r-${n}`}
                        name={n}
                        value={v(n)}
                        required={n === "username" || n === "address"}
                      />
                    )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <input type="hidden" name="@action" value="register" />
        <input type="hidden" name="@csrf" value={await issueCsrfToken(c)} />
        <input
          type="hidden"
          name="@regform"
          value={await registrationFormKey(t, c.get("sessions"))}
        />
        <p>
          <button type="submit">Register</button>
        </p>
      </form>
    </Layout>,
  );
}

/** `@action=register`: the user at once, or a confirmation mail. */
export async function registerAction(
  c: Ctx,
  form: FormData,
): Promise<Response> {
  const t = c.get("tracker");
  const problem = await csrfProblem(c, field(form, "@csrf"));
  if (problem) return await registerPage(c, { form, error: problem });
  const anonymous = c.get("actor");
  try {
    await anonymous.require("Register", "user");
    if (!anonymous.anonymous) {
      return await registerPage(c, {
        form,
        error: "Cannot register while logged in: log out first",
      });
    }
    await checkRegistrationDelay(
      t,
      c.get("sessions"),
      field(form, "@regform") ?? "",
    );
    const fields: FormData = {};
    for (const [k, val] of Object.entries(form)) {
      if (k !== "@regform") fields[k] = val;
    }
    const { values } = await parseItemForm(
      t,
      t.schema.classes.get("user")!,
      fields,
      { tz: anonymous.timezone },
    );
    const base = c.get("base");
    if (t.config.getBool("main", "instant_registration")) {
      const id = await createRegisteredUser(t, anonymous, values);
      await startSession(c, await actorFor(t, id));
      return c.redirect(
        `${base}/?${new URLSearchParams({
          "@ok_message": `Welcome ${values.username}!`,
        })}`,
        302,
      );
    }
    await startRegistration(t, c.get("sessions"), anonymous, values);
    const msg =
      `A mail has been sent to ${values.address} to confirm the registration: follow the link in it`;
    return c.redirect(
      `${base}/?${new URLSearchParams({ "@ok_message": msg })}`,
      302,
    );
  } catch (e) {
    const s = statusOf(e);
    if (!s || s.status === 403) throw e;
    return await registerPage(c, { form, error: s.message });
  }
}

/** `?@action=confrego&otk=KEY`: creates the user and logs them in. */
export async function confregoAction(c: Ctx): Promise<Response> {
  const t = c.get("tracker");
  const id = await confirmRegistration(
    t,
    c.get("sessions"),
    await anonymousActor(t),
    c.req.query("otk") ?? "",
  );
  const actor = await actorFor(t, id);
  await startSession(c, actor);
  return c.redirect(
    `${c.get("base")}/?${new URLSearchParams({
      "@ok_message": `Welcome ${actor.name}: your registration is complete`,
    })}`,
    302,
  );
}
