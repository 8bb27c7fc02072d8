/** GET /rest/ (versions and links), /rest/data (classes) and /rest/data/user/roles (/rest/summary: _summary.ts). */
import type { Answer } from "./_collection.ts";
import { RestError } from "./_http.ts";
import type { RestCtx } from "./_values.ts";

/** GET /rest/ */
export function describe(r: RestCtx): Answer {
  const links = [["self", ""], ["data", "/data"], ["summary", "/summary"]]
    .map(([rel, p]) => ({ uri: r.restUrl + p, rel }));
  return {
    status: 200,
    data: { default_version: 1, supported_versions: [1], links },
  };
}

/** GET /rest/data: the classes the actor may view. */
export async function dataClasses(r: RestCtx): Promise<Answer> {
  const out: Record<string, unknown> = {};
  for (const name of [...r.t.schema.classes.keys()].sort()) {
    if (await r.actor.may("View", name)) {
      out[name] = { link: `${r.restUrl}/data/${name}` };
    }
  }
  return { status: 200, data: out };
}

/** GET /rest/data/user/roles: every role, for admins only. */
export function roles(r: RestCtx): Answer {
  if (!r.actor.trusted && !r.actor.roles.includes("admin")) {
    throw new RestError(403, 'User does not have permission on "user.roles"');
  }
  const collection = r.t.security.roles().map((x) => ({
    id: x.name,
    name: x.name,
  }));
  return { status: 200, data: { collection }, headers: { Allow: "GET" } };
}
