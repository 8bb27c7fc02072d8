/** Child process for the two-process test: creates issues and adds keywords to one shared issue. */
import { openDb, resolveSchema } from "../store/mod.ts";
import { TEST_SCHEMA } from "./_helpers.ts";

const [path, tag, count] = Deno.args as [string, string, string];
const db = openDb(await Deno.openKv(path), resolveSchema(TEST_SCHEMA));
for (let i = 0; i < Number(count); i++) {
  const kw = await db.cls("keyword").create({ name: `${tag}-${i}` });
  await db.transact(async (tx) => {
    const cur = (await tx.record("issue", "1"))!.values.keyword as string[];
    await tx.set("issue", "1", { keyword: [...cur, kw] });
    await tx.create("issue", { title: `${tag} ${i}` });
  });
}
db.close();
