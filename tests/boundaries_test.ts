import assert from "node:assert/strict";
import { join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
/** Which top-level folders each folder's non-test code may import from. */
const ALLOWED: Record<string, string[]> = {
  store: ["store"],
  templates: ["templates", "store"],
  tracker: ["tracker", "store", "templates", "cli.ts"],
  admin: ["admin", "store", "tracker", "templates", "cli.ts"],
  server: ["server", "store", "tracker", "routes", "islands", "cli.ts"],
  mailgw: ["mailgw", "store", "tracker", "cli.ts"],
  islands: ["islands"],
};

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) yield* sources(p);
    else if (/\.tsx?$/.test(e.name) && !/_test\.tsx?$/.test(e.name)) yield p;
  }
}

Deno.test("imports respect the folder boundaries (store imports no npm package and no other folder)", async () => {
  const problems: string[] = [];
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    const dir = join(ROOT, folder);
    try {
      await Deno.stat(dir);
    } catch {
      continue;
    }
    for await (const file of sources(dir)) {
      const text = await Deno.readTextFile(file);
      for (
        const m of text.matchAll(
          /^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm,
        )
      ) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith("node:")) continue;
        if (!spec.startsWith(".")) {
          if (folder === "store") {
            problems.push(`${relative(ROOT, file)} imports package "${spec}"`);
          }
          continue;
        }
        const target = relative(ROOT, join(file, "..", spec)).split("/")[0]!;
        if (!allowed.includes(target)) {
          problems.push(`${relative(ROOT, file)} imports ${spec}`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
});
