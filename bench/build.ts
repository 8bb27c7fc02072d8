/** Fills a classic tracker with generated issues through db.transact (several issues per commit). */
import type { Db } from "../store/mod.ts";

const VOCAB = (
  "login page error server database mail gateway issue report crash slow fast user admin password " +
  "network timeout request response header body message attachment upload download search index " +
  "filter sort query result button form field value option config setting release version build test " +
  "deploy install update upgrade migrate backup restore import export print screen window browser " +
  "mobile desktop linux windows mac python deno kv store cache memory disk cpu thread process queue"
).split(" ");

/** Issues per atomic commit: each issue with two messages is about 25 KV mutations. */
const PER_COMMIT = 28;

export interface BuildResult {
  ms: number;
  /** A word that occurs in exactly one message, and its message id. */
  rareWord: string;
  commonWord: string;
  resolvedId: string;
  statusIds: string[];
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function runBuild(
  db: Db,
  n: number,
  progress: (done: number, rate: number) => void,
): Promise<BuildResult> {
  const rand = rng(42);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  const users = await ensureItems(
    db,
    "user",
    Array.from(
      { length: 50 },
      (_, i) => ({
        username: `user${i}`,
        address: `user${i}@example.com`,
        roles: "User",
      }),
    ),
  );
  const keywords = await ensureItems(
    db,
    "keyword",
    VOCAB.slice(0, 20).map((name) => ({ name })),
  );
  const statusIds = await db.cls("status").list();
  const priorities = await db.cls("priority").list();
  const text = (msgNo: number) => {
    const words = Array.from({ length: 39 }, () => pick(VOCAB));
    words.push(`zq${msgNo.toString(36)}x`);
    if (msgNo % 10 === 3) words.push("tenpercent");
    return words.join(" ");
  };
  const start = performance.now();
  let msgNo = 0;
  for (let done = 0; done < n; done += PER_COMMIT) {
    await db.transact(async (tx) => {
      for (let j = done; j < Math.min(n, done + PER_COMMIT); j++) {
        const author = pick(users);
        const m1 = await tx.create("msg", {
          content: text(msgNo++),
          author,
          date: db.core.now(),
        }, { actor: author });
        const m2 = await tx.create("msg", {
          content: text(msgNo++),
          author,
          date: db.core.now(),
        }, { actor: author });
        await tx.create("issue", {
          title: `${pick(VOCAB)} ${pick(VOCAB)} ${pick(VOCAB)} problem ${j}`,
          messages: [m1, m2],
          nosy: [author, pick(users), pick(users)],
          keyword: [pick(keywords), pick(keywords)],
          status: pick(statusIds),
          priority: pick(priorities),
          assignedto: pick(users),
        }, { actor: author });
      }
    });
    if ((done + PER_COMMIT) % 10_000 < PER_COMMIT) {
      progress(
        done + PER_COMMIT,
        (done + PER_COMMIT) / (performance.now() - start) * 1000,
      );
    }
  }
  return {
    ms: performance.now() - start,
    rareWord: `zq${(msgNo >> 1).toString(36)}x`,
    commonWord: "tenpercent",
    resolvedId: await db.cls("status").lookup("resolved"),
    statusIds,
  };
}

/** Ids of items with these key values, created in one transaction where missing. */
async function ensureItems(
  db: Db,
  cls: string,
  items: Array<Record<string, string>>,
): Promise<string[]> {
  const key = db.cls(cls).def.key!;
  return await db.transact(async (tx) => {
    const ids: string[] = [];
    for (const values of items) {
      ids.push(
        (await tx.keyOwner(cls, values[key]!)) ?? await tx.create(cls, values),
      );
    }
    return ids;
  });
}
