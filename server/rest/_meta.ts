/** GET /rest/ (versions and links), /rest/data (classes), /rest/summary and /rest/data/user/roles. */
import type { Answer } from "./_collection.ts";
import { RestError } from "./_http.ts";
import type { RestCtx } from "./_values.ts";

const WEEK_MS = 7 * 24 * 3600_000;

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

/** GET /rest/summary: issues active in the last week by status, new ones, most discussed. */
export async function summary(r: RestCtx, now: number): Promise<Answer> {
  const issue = r.t.schema.classes.get("issue");
  if (!issue || !(await r.actor.may("View", "issue"))) {
    throw new RestError(403, "Permission to view summary denied");
  }
  const old = now - WEEK_MS;
  const h = r.t.db.cls("issue");
  const ids = await h.filter({ filterspec: { activity: { from: old } } });
  const created = [];
  const byStatus: Record<string, unknown[]> = {};
  const discussed: Array<[number, unknown]> = [];
  for (const id of ids) {
    const it = await h.getItem(id);
    const obj = {
      id,
      link: `${r.restUrl}/data/issue/${id}`,
      title: it.title ?? null,
    };
    let status = "None";
    if (typeof it.status === "string") {
      status = String(await r.t.db.cls("status").get(it.status, "name"));
    }
    let n = 0;
    for (const e of await h.history(id)) {
      if (e.date < old) continue;
      if (e.action === "create") created.push(obj);
      const params = e.params as Record<string, unknown> | null;
      if (e.action === "set" && params && "messages" in params) n++;
    }
    (byStatus[status] ??= []).push(obj);
    discussed.push([n, obj]);
  }
  return {
    status: 200,
    data: {
      created,
      summary: byStatus,
      most_discussed: discussed.slice(0, 10),
    },
  };
}
