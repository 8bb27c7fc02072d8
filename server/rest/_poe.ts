/**
 * Post Once Exactly, as Roundup's REST offers it: POST /data/CLASS/@poe hands out a one-time
 * link (for `lifetime` seconds, 1 to 3600, default 1800; with `generic` for any class), and a
 * POST to that link creates the item once; a second POST with it is refused.
 */
import type { SessionStore } from "../../store/mod.ts";
import type { Answer } from "./_collection.ts";
import { type Input, RestError } from "./_http.ts";
import { classOf, type RestCtx } from "./_values.ts";
import { postItem } from "./_write.ts";

const PURPOSE = "rest-poe";

/** POST /rest/data/CLASS/@poe */
export async function issuePoe(
  r: RestCtx,
  name: string,
  input: Input,
  sessions: SessionStore,
  now: number,
): Promise<Answer> {
  classOf(r, name);
  const raw = input.get("lifetime") ?? "1800";
  if (!/^\s*-?\d+\s*$/.test(raw)) {
    throw new RestError(
      400,
      `Value 'lifetime' must be an integer specify lifetime in seconds. Got ${raw}.`,
    );
  }
  const lifetime = Number(raw);
  if (lifetime < 1 || lifetime > 3600) {
    throw new RestError(
      400,
      `Value 'lifetime' must be between 1 second and 1 hour (3600 seconds). Got ${raw}.`,
    );
  }
  const data: Record<string, string> = { uid: r.actor.userId };
  if (!input.has("generic")) data.cls = name;
  const key = await sessions.issueKey(PURPOSE, lifetime * 1000, { data });
  return {
    status: 200,
    data: {
      link: `${r.restUrl}/data/${name}/@poe/${key}`,
      expires: (now + lifetime * 1000) / 1000,
    },
  };
}

/** POST /rest/data/CLASS/@poe/TOKEN: creates the item if the token is the actor's and unused. */
export async function postOnce(
  r: RestCtx,
  name: string,
  token: string,
  input: Input,
  o: { sessions: SessionStore },
): Promise<Answer> {
  const k = await o.sessions.consumeKey(token, PURPOSE);
  if (!k || k.data?.uid !== r.actor.userId) {
    throw new RestError(400, `POE token '${token}' not valid.`);
  }
  if (k.data?.cls !== undefined && k.data.cls !== name) {
    throw new RestError(
      400,
      `POE token '${token}' not valid for ${name}, was generated for class ${k.data.cls}`,
    );
  }
  return await postItem(r, name, input);
}
