/** Which handler answers a REST path and method; 404 for unknown paths, 405 with Allow for verbs. */
import type { Answer } from "./_collection.ts";
import { getCollection } from "./_collection.ts";
import { type Input, RestError } from "./_http.ts";
import { getAttribute, getItem } from "./_item.ts";
import { dataClasses, describe, roles } from "./_meta.ts";
import { summary } from "./_summary.ts";
import type { RestCtx } from "./_values.ts";
import type { ExactCounts } from "./_counts.ts";
import type { SessionStore } from "../../store/mod.ts";
import { issuePoe, postOnce } from "./_poe.ts";
import {
  deleteItem,
  patchItem,
  postItem,
  putItem,
  type WriteOpts,
} from "./_write.ts";

/** What routing needs besides the request context. */
export interface RouteOpts extends WriteOpts {
  sessions: SessionStore;
  maxRows: number;
  counts: ExactCounts;
  /** The change count the request's answer must be at least as new as. */
  seen: () => Promise<bigint>;
  now: number;
}

type Handler = () => Answer | Promise<Answer>;

function pick(
  method: string,
  table: Record<string, Handler>,
  shown: string[] = Object.keys(table),
): Promise<Answer> | Answer {
  const allow = ["OPTIONS", ...shown].join(", ");
  if (method === "OPTIONS") {
    return {
      status: 204,
      data: null,
      headers: { Allow: allow, "Access-Control-Allow-Methods": allow },
    };
  }
  const h = table[method === "HEAD" ? "GET" : method];
  if (!h) {
    throw new RestError(
      405,
      `Method ${method} not allowed. Allowed: ${allow}`,
      {
        Allow: allow,
      },
    );
  }
  return h();
}

/** Runs the handler for `segs` (the path below /rest, split at "/"). */
export async function route(
  r: RestCtx,
  method: string,
  segs: string[],
  input: Input,
  o: RouteOpts,
): Promise<Answer> {
  const [top, name, segment, attr, ...more] = segs;
  if (more.length) throw new RestError(404, "Nothing matches the given URI");
  if (top === undefined) return await pick(method, { GET: () => describe(r) });
  if (top === "summary" && name === undefined) {
    return await pick(method, { GET: () => summary(r, o.now) });
  }
  if (top !== "data") throw new RestError(404, "Nothing matches the given URI");
  if (name === undefined) {
    return await pick(method, { GET: () => dataClasses(r) });
  }
  if (name === "user" && segment === "roles" && attr === undefined) {
    return await pick(method, { GET: () => roles(r) });
  }
  if (segment === undefined) {
    return await pick(method, {
      GET: () => getCollection(r, name, input, o),
      POST: () => postItem(r, name, input),
      DELETE: () => {
        throw new RestError(403, "Deletion of a whole class disabled");
      },
    }, ["GET", "POST"]);
  }
  if (segment === "@poe") {
    return await pick(method, {
      POST: () =>
        attr === undefined
          ? issuePoe(r, name, input, o.sessions, o.now)
          : postOnce(r, name, attr, input, o),
    });
  }
  const path = { name, segment, attr };
  if (attr === undefined) {
    return await pick(method, {
      GET: () => getItem(r, name, segment, input),
      PUT: () => putItem(r, path, input, o),
      DELETE: () => deleteItem(r, path, input, o),
      PATCH: () => patchItem(r, path, input, o),
    });
  }
  return await pick(method, {
    GET: () => getAttribute(r, name, segment, attr),
    PUT: () => putItem(r, path, input, o),
    DELETE: () => deleteItem(r, path, input, o),
    PATCH: () => patchItem(r, path, input, o),
  });
}
