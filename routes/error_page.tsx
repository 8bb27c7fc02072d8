/** The 4xx/5xx page: the frame with the message, never a stack trace. */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Ctx } from "../server/context.ts";
import { anonymousActor } from "../server/actor.ts";
import { frameFor, html } from "../server/render.ts";
import { Layout } from "./_layout.tsx";

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Login required",
  403: "Permission denied",
  404: "Not found",
  409: "Conflict",
  413: "Too large",
  429: "Too many attempts",
  500: "Internal error",
};

/** Answers with an error page of `status` that shows `message`. */
export async function errorPage(
  c: Ctx,
  status: ContentfulStatusCode,
  message: string,
): Promise<Response> {
  if (status === 401) c.header("WWW-Authenticate", 'Basic realm="Roundup"');
  if (!c.get("actor")) c.set("actor", await anonymousActor(c.get("tracker")));
  const f = await frameFor(c, { ok: "", error: message });
  return html(
    c,
    <Layout f={f} title={TITLES[status] ?? `Error ${status}`}>
      <p>
        <a href={`${f.base}/`}>Back to the home page</a>
      </p>
    </Layout>,
    status,
  );
}
