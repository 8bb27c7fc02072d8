import assert from "node:assert/strict";
import { buildIslands, BUNDLE_MODULE, bundleModule } from "./build.ts";

Deno.test("the committed islands bundle (server/_islands_bundle.ts) is what build.ts makes now", async () => {
  const fresh = bundleModule(await buildIslands());
  const committed = await Deno.readTextFile(BUNDLE_MODULE);
  assert.ok(
    fresh === committed,
    "server/_islands_bundle.ts is stale: run `deno task build:islands` and commit the result",
  );
});

Deno.test("the islands bundle is at most 60 KiB compressed and loads nothing from another host", async () => {
  const { js } = await buildIslands();
  const gz = await new Response(
    new Blob([js]).stream().pipeThrough(new CompressionStream("gzip")),
  ).arrayBuffer();
  assert.ok(gz.byteLength <= 60 * 1024, `${gz.byteLength} bytes compressed`);
  assert.doesNotMatch(js, /\bimport\s*\(|from\s*["']https?:/);
});
